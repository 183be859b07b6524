package org.printhub.device.tcp;

import java.io.IOException;
import java.io.InputStream;

import org.printhub.device.DeviceException;
import org.printhub.device.Interrupts;
import org.printhub.device.PrintTask;
import org.printhub.job.DocumentInfo;
import org.printhub.job.JobStateReasons;

/**
 * Streams a spooled document to a connection in fixed-size pieces, with a {@link PrintTask#checkpoint()} every
 * mebibyte, and keeps count so a failure can say how far it got.
 */
public final class DocumentSender {
    private static final int BUFFER_BYTES = 64 * 1024;
    private static final long CHECKPOINT_BYTES = 1024 * 1024;

    private final byte[] buffer = new byte[BUFFER_BYTES];
    private long sent;

    /** Bytes of documents sent so far by this sender. */
    public long sent() {
        return sent;
    }

    /**
     * @return the document's bytes sent
     * @throws DeviceException (not retryable, {@code document-access-error}) when the spooled document cannot
     *         be read
     * @throws IOException when the connection fails
     */
    public long send(PrintTask task, DocumentInfo document, TcpConnection connection)
            throws IOException, DeviceException, InterruptedException {
        return send(task, document, connection, Long.MAX_VALUE);
    }

    /**
     * Sends exactly the size the document's record gives, for protocols that announce it first (LPD).
     *
     * @throws DeviceException (not retryable, {@code document-access-error}) when the spooled file is shorter or
     *         longer than its record says
     */
    public void sendExactly(PrintTask task, DocumentInfo document, TcpConnection connection)
            throws IOException, DeviceException, InterruptedException {
        long count = send(task, document, connection, document.size());
        if (count != document.size()) {
            throw new DeviceException(JobStateReasons.DOCUMENT_ACCESS_ERROR, "document " + document + " has "
                    + (count > document.size() ? "more than " + document.size() : Long.toString(count))
                    + " bytes in the spool, but its record says " + document.size(), false, null);
        }
    }

    private long send(PrintTask task, DocumentInfo document, TcpConnection connection, long limit)
            throws IOException, DeviceException, InterruptedException {
        long count = 0;
        long sinceCheckpoint = 0;
        try (InputStream in = open(task, document)) {
            for (int n = read(in, document); n >= 0; n = read(in, document)) {
                if (count + n > limit) {
                    return count + n; // more than announced: the caller fails the job, the surplus is not sent
                }
                connection.write(buffer, 0, n);
                count += n;
                sent += n;
                sinceCheckpoint += n;
                if (sinceCheckpoint >= CHECKPOINT_BYTES) {
                    task.checkpoint();
                    sinceCheckpoint = 0;
                }
            }
        }
        return count;
    }

    private static InputStream open(PrintTask task, DocumentInfo document)
            throws DeviceException, InterruptedException {
        try {
            return task.openDocument(document.index());
        } catch (IOException e) {
            throw unreadable(document, e);
        }
    }

    private int read(InputStream in, DocumentInfo document) throws DeviceException, InterruptedException {
        try {
            return in.read(buffer);
        } catch (IOException e) {
            throw unreadable(document, e);
        }
    }

    private static DeviceException unreadable(DocumentInfo document, IOException e) throws InterruptedException {
        Interrupts.rethrowIfInterrupt(e);
        // the spool wrote and synced this document before the job was accepted: retrying cannot help
        return new DeviceException(JobStateReasons.DOCUMENT_ACCESS_ERROR,
                "cannot read document " + document + ": " + e.getMessage(), false, e);
    }
}
