package org.printhub.api.myq.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;


import org.printhub.http.PasswordHashes;

/**
 * Hashing of what users and applications present. Random 256-bit tokens and 160-bit client secrets are hashed
 * with SHA-256; passwords, PINs and card numbers, which people choose and which are short, with PBKDF2.
 */
final class Secrets {
    /** PBKDF2-HMAC-SHA256 rounds for passwords (OWASP's 2023 advice is 600,000; this favours a 2-core server). */
    static final int PASSWORD_ROUNDS = 210_000;
    /** Rounds for card numbers and PINs, which are looked up by hash with the installation's salt. */
    static final int LOOKUP_ROUNDS = 50_000;

    private final SecureRandom random;

    Secrets(SecureRandom random) {
        this.random = random;
    }

    byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    /** 256 random bits, URL-safe: an access or refresh token. */
    String newToken() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(32));
    }

    /** A MyQ client secret: 40 lower-case hex digits (160 bits). */
    String newClientSecret() {
        return HexFormat.of().formatHex(randomBytes(20));
    }

    /** A MyQ client id: a GUID in capitals, as MyQ's web UI shows them. */
    String newClientId() {
        byte[] b = randomBytes(16);
        b[6] = (byte) ((b[6] & 0x0f) | 0x40);
        b[8] = (byte) ((b[8] & 0x3f) | 0x80);
        String h = HexFormat.of().withUpperCase().formatHex(b);
        return h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16) + "-" + h.substring(16, 20)
                + "-" + h.substring(20);
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    static byte[] pbkdf2(String text, byte[] salt, int rounds) {
        return PasswordHashes.pbkdf2(text, salt, rounds);
    }

    /** Compares in time that depends only on the lengths. */
    static boolean same(byte[] a, byte[] b) {
        return a != null && b != null && MessageDigest.isEqual(a, b);
    }
}
