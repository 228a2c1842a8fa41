package io.sensorstream.app.cli;

import io.sensorstream.app.UserError;
import io.sensorstream.app.web.security.PasswordHash;
import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Prints a {@code name:hash} line for {@code http.auth.users-file}. The password is read without echo from the
 * terminal, or as the first line of standard input ({@code printf '%s' "$PW" | sensorstream hash-password alice}),
 * never from the command line, where {@code ps} and shell history would keep it.
 */
@Command(name = "hash-password", mixinStandardHelpOptions = true,
        description = "Print a users-file line (name:pbkdf2-sha256$...) for http.auth.users-file; the password is read from the terminal or stdin.")
final class HashPasswordCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "The user name (no ':').")
    String user;

    @Option(names = "--iterations", description = "PBKDF2 iterations (default ${DEFAULT-VALUE}).")
    int iterations = PasswordHash.DEFAULT_ITERATIONS;

    @Override
    public Integer call() throws Exception {
        if (user.isBlank() || user.contains(":")) {
            throw new UserError("hash-password: the user name must be non-empty and must not contain ':'");
        }
        if (iterations < 10_000) {
            throw new UserError("hash-password: --iterations must be at least 10000, got " + iterations);
        }
        char[] password;
        Console console = System.console();
        if (console != null) {
            password = console.readPassword("password for %s: ", user);
            char[] again = console.readPassword("again: ");
            if (password == null || !java.util.Arrays.equals(password, again)) {
                throw new UserError("hash-password: the passwords differ");
            }
        } else {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            password = line == null ? null : line.toCharArray();
        }
        if (password == null || password.length == 0) {
            throw new UserError("hash-password: empty password (type it, or pipe it on stdin)");
        }
        System.out.println(user + ":" + PasswordHash.hash(password, iterations));
        java.util.Arrays.fill(password, '\0');
        return 0;
    }
}
