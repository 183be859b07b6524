package org.printhub.http;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What is known about an API key besides its secret, which is never kept: a short public id, a name and
 * the scopes it grants. Immutable.
 */
public final class ApiKey {
    /** The scope that grants everything, including key management. */
    public static final String ADMIN = "admin";

    private final String id;
    private final String name;
    private final Set<String> scopes;
    private final Instant created;

    /**
     * @param id the public key id: safe to show and log
     * @param scopes scope names; surfaces define the ones they check, {@link #ADMIN} grants all
     */
    public ApiKey(String id, String name, Set<String> scopes, Instant created) {
        this.id = Objects.requireNonNull(id, "id");
        this.name = Objects.requireNonNull(name, "name");
        this.scopes = Set.copyOf(scopes);
        this.created = Objects.requireNonNull(created, "created");
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    public Set<String> scopes() {
        return scopes;
    }

    public Instant created() {
        return created;
    }

    /** Whether the key grants {@code scope}, directly or through {@link #ADMIN}. */
    public boolean hasScope(String scope) {
        return scopes.contains(scope) || scopes.contains(ADMIN);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ApiKey && ((ApiKey) o).id.equals(id);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "key " + id + " '" + name + "' " + new TreeSet<>(scopes);
    }
}
