package org.printhub.job;

import java.util.Objects;

/**
 * One document of a job as it lies in the spool: written once, never changed. Open its bytes with
 * {@link JobService#openDocument(long, int)}.
 */
public final class DocumentInfo {
    private final int index;
    private final String name;
    private final String mimeType;
    private final long size;
    private final String sha256;

    /**
     * @param index position in the job, from 0
     * @param sha256 lower-case hex SHA-256 of the bytes
     */
    public DocumentInfo(int index, String name, String mimeType, long size, String sha256) {
        if (index < 0 || size < 0) {
            throw new IllegalArgumentException("index and size must not be negative");
        }
        this.index = index;
        this.name = Objects.requireNonNull(name, "name");
        this.mimeType = Objects.requireNonNull(mimeType, "mimeType");
        this.size = size;
        this.sha256 = Objects.requireNonNull(sha256, "sha256");
    }

    public int index() {
        return index;
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

    public String sha256() {
        return sha256;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DocumentInfo)) {
            return false;
        }
        DocumentInfo d = (DocumentInfo) o;
        return index == d.index && size == d.size && name.equals(d.name) && mimeType.equals(d.mimeType)
                && sha256.equals(d.sha256);
    }

    @Override
    public int hashCode() {
        return Objects.hash(index, name, mimeType, size, sha256);
    }

    @Override
    public String toString() {
        return index + ":" + name + " (" + mimeType + ", " + size + " bytes)";
    }
}
