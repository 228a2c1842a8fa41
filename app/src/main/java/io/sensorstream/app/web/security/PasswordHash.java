package io.sensorstream.app.web.security;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Password hashes for the basic-auth users file: PBKDF2-HMAC-SHA256 from the JDK, so no password is ever stored and no
 * extra library is needed. Stored form (versioned by its scheme name):
 * {@code pbkdf2-sha256$<iterations>$<salt, base64>$<hash, base64>}, e.g.
 * {@code pbkdf2-sha256$600000$3q2+7w...$Yk1q...}; 600 000 iterations is OWASP's 2023 figure for this scheme.
 */
public final class PasswordHash {

    public static final String SCHEME = "pbkdf2-sha256";
    public static final int DEFAULT_ITERATIONS = 600_000;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;

    private PasswordHash() {
    }

    /** A new stored form of {@code password} with a random salt. */
    public static String hash(char[] password, int iterations) {
        byte[] salt = new byte[SALT_BYTES];
        new SecureRandom().nextBytes(salt);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return SCHEME + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(derive(password, salt, iterations));
    }

    /**
     * Whether {@code password} matches {@code stored}.
     *
     * @throws IllegalArgumentException when {@code stored} is not a hash of this scheme (message says what is wrong)
     */
    public static boolean verify(char[] password, String stored) {
        Parsed p = parse(stored);
        return MessageDigest.isEqual(derive(password, p.salt(), p.iterations()), p.hash());
    }

    /** Checks the stored form without the cost of a verification; throws what {@link #verify} would. */
    public static void checkFormat(String stored) {
        parse(stored);
    }

    private record Parsed(int iterations, byte[] salt, byte[] hash) {
    }

    private static Parsed parse(String stored) {
        String[] parts = stored.split("\\$");
        if (parts.length != 4 || !parts[0].equals(SCHEME)) {
            throw new IllegalArgumentException("not a " + SCHEME + "$<iterations>$<salt>$<hash> value (make one with"
                    + " ./sensorstream hash-password)");
        }
        try {
            Parsed p = new Parsed(Integer.parseInt(parts[1]), Base64.getDecoder().decode(parts[2]), Base64.getDecoder().decode(parts[3]));
            if (p.iterations() < 1 || p.hash().length == 0 || p.salt().length == 0) {
                throw new IllegalArgumentException("iterations, salt and hash must not be empty");
            }
            return p;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed " + SCHEME + " value: " + e.getMessage());
        }
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BITS);
            try {
                return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            } finally {
                spec.clearPassword();
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this JVM", e);
        }
    }
}
