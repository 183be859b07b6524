package org.printhub.http;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The API keys every surface authenticates against. Only a hash of each secret is stored; a secret is
 * seen once, when {@link #create} returns it. Every method is thread-safe. Methods that change keys write
 * them to disk before returning and throw {@link java.io.UncheckedIOException} if that fails, leaving the
 * keys as they were. No method logs or reports a secret.
 */
@ProviderType
public interface ApiKeys {

    /**
     * Creates a key with a new high-entropy secret.
     *
     * @param name what the key is for, shown in listings; 1 to 64 printable characters
     * @param scopes scope names (letters, digits, {@code . _ : -}); may be empty
     * @throws IllegalArgumentException for a bad name or scope
     */
    IssuedKey create(String name, Set<String> scopes);

    /**
     * Registers a secret chosen elsewhere, e.g. a ScriptX licence GUID or an OctoPrint key, so that it
     * authenticates like a created one.
     *
     * @param secret at least 16 characters, no control characters
     * @throws IllegalArgumentException for a bad name, scope or secret, or a secret already registered
     */
    ApiKey register(String name, String secret, Set<String> scopes);

    /** Every key, oldest first. */
    List<ApiKey> list();

    Optional<ApiKey> find(String keyId);

    /**
     * Removes a key; its secret stops authenticating at once.
     *
     * @return the removed key, or empty if there was none with that id
     */
    Optional<ApiKey> revoke(String keyId);

    /**
     * The key whose secret this is. Takes the same time whichever key matches, or none.
     *
     * @param secret as presented by a client; {@code null} or blank gives empty
     */
    Optional<ApiKey> authenticate(String secret);
}
