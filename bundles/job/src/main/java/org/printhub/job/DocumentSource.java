package org.printhub.job;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * A document to be spooled: a name, a MIME type and a stream that the job service opens once, reads to
 * the end and closes, while the caller waits in {@link JobService#submit(JobSubmission)}.
 */
public final class DocumentSource {
    /** Opens the document's bytes; called once. */
    @FunctionalInterface
    public interface Opener {
        InputStream open() throws IOException;
    }

    private final String name;
    private final String mimeType;
    private final Opener opener;

    private DocumentSource(String name, String mimeType, Opener opener) {
        this.name = Objects.requireNonNull(name, "name");
        this.mimeType = Objects.requireNonNull(mimeType, "mimeType");
        this.opener = Objects.requireNonNull(opener, "opener");
    }

    /**
     * @param name the document's name (a file name, a title); shown to users and kept with the job
     * @param mimeType e.g. {@code application/pdf}; {@code application/octet-stream} when unknown
     */
    public static DocumentSource of(String name, String mimeType, Opener opener) {
        return new DocumentSource(name, mimeType, opener);
    }

    /** A stream the caller already holds (e.g. a request body); it is consumed and closed by the spool. */
    public static DocumentSource of(String name, String mimeType, InputStream in) {
        return new DocumentSource(name, mimeType, () -> in);
    }

    public String name() {
        return name;
    }

    public String mimeType() {
        return mimeType;
    }

    public InputStream open() throws IOException {
        return opener.open();
    }
}
