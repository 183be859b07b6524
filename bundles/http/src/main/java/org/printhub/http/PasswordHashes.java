package org.printhub.http;

import java.security.GeneralSecurityException;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The one key derivation for secrets people choose (passwords, PINs, card numbers): PBKDF2 with HMAC-SHA-256. Each
 * surface keeps its own stored format and round count; compare results with
 * {@link java.security.MessageDigest#isEqual(byte[], byte[])}.
 */
public final class PasswordHashes {
    private PasswordHashes() {
    }

    /** A 256-bit PBKDF2-HMAC-SHA-256 of {@code secret}. */
    public static byte[] pbkdf2(String secret, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(secret.toCharArray(), salt, iterations, 256);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this Java runtime", e);
        } finally {
            spec.clearPassword();
        }
    }
}
