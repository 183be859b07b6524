package org.printhub.job.store;

import java.util.Objects;

/**
 * A document written to the spool and forced to disk, not yet part of a job. Pass it to
 * {@link JobStore#insert}, or give it back with {@link JobStore#discard}.
 */
public final class SpooledDocument {
    private final String location;
    private final String name;
    private final String mimeType;
    private final long size;
    private final String sha256;

    /** @param location the store's own reference to the bytes; opaque to everyone else */
    public SpooledDocument(String location, String name, String mimeType, long size, String sha256) {
        this.location = Objects.requireNonNull(location, "location");
        this.name = Objects.requireNonNull(name, "name");
        this.mimeType = Objects.requireNonNull(mimeType, "mimeType");
        this.size = size;
        this.sha256 = Objects.requireNonNull(sha256, "sha256");
    }

    public String location() {
        return location;
    }

    public String name() {
        return name;
    }

    public String mimeType() {
        return mimeType;
    }

    public long size() {
        return size;
    }

    /** Lower-case hex SHA-256, computed while the bytes streamed in. */
    public String sha256() {
        return sha256;
    }
}
