package org.printhub.api.cirrus.internal;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import org.printhub.http.PasswordHashes;


/** Location passwords, kept only as salted PBKDF2 hashes: {@code pbkdf2-sha256$<iterations>$<salt>$<hash>}. */
final class Passwords {
    static final int MAX_LENGTH = 256;
    private static final int ITERATIONS = 120_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Passwords() {
    }

    static String hash(String password) {
        if (password.length() > MAX_LENGTH) {
            throw CirrusError.failure("Password is longer than " + MAX_LENGTH + " characters");
        }
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return "pbkdf2-sha256$" + ITERATIONS + "$" + b64.encodeToString(salt) + "$"
                + b64.encodeToString(derive(password, salt, ITERATIONS));
    }

    /** Whether {@code password} matches {@code stored}; false for an empty stored hash (no password set). */
    static boolean matches(String password, String stored) {
        if (stored == null || stored.isEmpty() || password.length() > MAX_LENGTH) {
            return false;
        }
        String[] parts = stored.split("\\$");
        if (parts.length != 4 || !parts[0].equals("pbkdf2-sha256")) {
            return false;
        }
        Base64.Decoder b64 = Base64.getDecoder();
        byte[] expected = b64.decode(parts[3]);
        return MessageDigest.isEqual(expected, derive(password, b64.decode(parts[2]), Integer.parseInt(parts[1])));
    }

    private static byte[] derive(String password, byte[] salt, int iterations) {
        return PasswordHashes.pbkdf2(password, salt, iterations);
    }
}
