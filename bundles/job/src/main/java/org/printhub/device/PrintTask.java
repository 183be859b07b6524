package org.printhub.device;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;
import org.printhub.job.DocumentInfo;
import org.printhub.job.Job;

/**
 * One attempt at printing one job, handed by the core to {@link Device#print(PrintTask)}. Valid only during
 * that call. Report methods never block for long and may be called from any thread the driver owns.
 */
@ProviderType
public interface PrintTask {

    /** The job as it was when the task started: ticket, owner, name, documents. */
    Job job();

    default List<DocumentInfo> documents() {
        return job().documents();
    }

    /** Opens a document's spooled bytes; the driver closes the stream. */
    InputStream openDocument(int index) throws IOException;

    /** Pages the device has printed so far in this attempt (all copies). */
    void reportPages(int pagesCompleted);

    /** A human-readable status line for the job, e.g. {@code "sending 3 MB"}; shown as job-state-message. */
    void reportMessage(String message);

    /**
     * Whether the job has been suspended, so the next {@link #checkpoint()} will block: a driver that must put
     * its printer in a safe state first (park a 3D printer's head, turn a heater down) looks here before it
     * calls {@code checkpoint()}, and undoes that after it returns.
     */
    default boolean isSuspended() {
        return false;
    }

    /** Whether the job was canceled or the device is going away; the driver should stop soon. */
    boolean isCanceled();

    /**
     * A safe point: returns at once while the job runs, blocks while it is suspended, and throws once it is
     * canceled or the device is going away.
     *
     * @throws InterruptedException when the driver must stop
     */
    void checkpoint() throws InterruptedException;
}
