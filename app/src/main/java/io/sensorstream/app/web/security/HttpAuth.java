package io.sensorstream.app.web.security;

import io.javalin.http.Context;
import io.sensorstream.app.config.ConfigException;
import io.sensorstream.app.config.SensorstreamConfig.HttpAuthConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who may use the HTTP port: a bearer token ({@code Authorization: Bearer <token>}, for Prometheus and scripts) and/or
 * users with hashed passwords ({@code Authorization: Basic ...}, for browsers), from a file and/or the configuration
 * ({@code http.auth.users}, e.g. the environment). The users file has one {@code name:pbkdf2-sha256$...} line per user ({@code #} comments and blank lines allowed); it is read once at
 * start. A PBKDF2 check costs ~0.3 s by design, so a successful name/password pair is remembered by its SHA-256 (never
 * the password) and later requests with it cost one digest; wrong ones are checked in full every time.
 */
public final class HttpAuth {

    private static final int REMEMBERED_MAX = 1_000;

    private final byte[] token;
    private final Map<String, String> users;
    private final Set<String> remembered = ConcurrentHashMap.newKeySet();

    HttpAuth(String token, Map<String, String> users) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.users = Map.copyOf(users);
    }

    /** Reads the configuration; an unreadable or malformed users file is a one-line error naming the key and line. */
    public static HttpAuth from(HttpAuthConfig config) {
        Map<String, String> users = new HashMap<>();
        if (!config.usersFile().isBlank()) {
            Path file = Path.of(config.usersFile());
            List<String> lines;
            try {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new ConfigException("http.auth.users-file: cannot read " + file + " (" + e + ")");
            }
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    throw new ConfigException("http.auth.users-file " + file + " line " + (i + 1)
                            + ": expected name:pbkdf2-sha256$..., made by ./sensorstream hash-password");
                }
                String hash = line.substring(colon + 1);
                try {
                    PasswordHash.checkFormat(hash);
                } catch (IllegalArgumentException e) {
                    throw new ConfigException("http.auth.users-file " + file + " line " + (i + 1) + ": " + e.getMessage());
                }
                users.put(line.substring(0, colon), hash);
            }
            if (users.isEmpty()) {
                throw new ConfigException("http.auth.users-file " + file + " names no user: add name:hash lines"
                        + " (./sensorstream hash-password) or leave the key empty");
            }
        }
        for (int i = 0; i < config.users().size(); i++) {
            String entry = config.users().get(i).strip();
            int colon = entry.indexOf(':');
            if (colon <= 0) {
                throw new ConfigException("http.auth.users[" + i + "]: expected name:pbkdf2-sha256$..., made by ./sensorstream hash-password");
            }
            try {
                PasswordHash.checkFormat(entry.substring(colon + 1));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("http.auth.users[" + i + "]: " + e.getMessage());
            }
            users.put(entry.substring(0, colon), entry.substring(colon + 1));
        }
        return new HttpAuth(config.token(), users);
    }

    public boolean enabled() {
        return token.length > 0 || !users.isEmpty();
    }

    /** Whether the request carries an accepted token or user. */
    public boolean admits(Context ctx) {
        return admits(ctx.header("Authorization"));
    }

    boolean admits(String authorization) {
        if (!enabled()) {
            return true;
        }
        if (authorization == null) {
            return false;
        }
        if (token.length > 0 && authorization.startsWith("Bearer ")) {
            return MessageDigest.isEqual(authorization.substring(7).strip().getBytes(StandardCharsets.UTF_8), token);
        }
        if (!users.isEmpty() && authorization.startsWith("Basic ")) {
            String pair;
            try {
                pair = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return false;
            }
            int colon = pair.indexOf(':');
            String stored = colon < 0 ? null : users.get(pair.substring(0, colon));
            if (stored == null) {
                return false;
            }
            String fingerprint = sha256(pair + '\u0000' + stored);
            if (remembered.contains(fingerprint)) {
                return true;
            }
            if (PasswordHash.verify(pair.substring(colon + 1).toCharArray(), stored)) {
                if (remembered.size() >= REMEMBERED_MAX) {
                    remembered.clear();
                }
                remembered.add(fingerprint);
                return true;
            }
        }
        return false;
    }

    /** Answers 401 with the challenges a client can meet (Basic first, so browsers ask for a name and password). */
    public void challenge(Context ctx) {
        if (!users.isEmpty()) {
            ctx.header("WWW-Authenticate", "Basic realm=\"sensorstream\", charset=\"UTF-8\"");
        } else {
            ctx.header("WWW-Authenticate", "Bearer realm=\"sensorstream\"");
        }
        ctx.status(401).result("authentication required: " + (users.isEmpty() ? "" : "basic auth (a user of http.auth.users-file)")
                + (users.isEmpty() || token.length == 0 ? "" : " or ") + (token.length == 0 ? "" : "Authorization: Bearer <http.auth.token>") + "\n");
    }

    private static String sha256(String s) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
