package org.printhub.job;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The one way into the job model. Every method is safe to call from any thread; calls that change a job
 * return the snapshot after the change, and throw {@link NoSuchJobException} for an unknown id,
 * {@link IllegalJobStateException} when the job's state does not allow the command, and
 * {@link JobStorageException} when the store fails.
 */
@ProviderType
public interface JobService {

    /**
     * Spools the documents (streamed, never held whole in memory) and stores the job. When this returns, the
     * job and its documents are on disk and survive a crash: this is what "accepted" means.
     *
     * @return the job, {@link JobState#PENDING} or {@link JobState#HELD}
     * @throws JobRejectedException for an unknown device, an empty or unreadable document, a format the
     *         device cannot print, or a document over the size limit; nothing is stored
     */
    Job submit(JobSubmission submission);

    Optional<Job> find(long id);

    /** Looks a job up by its unguessable {@link Job#token()}. */
    Optional<Job> findByToken(String token);

    /** @throws NoSuchJobException if there is no such job */
    default Job get(long id) {
        return find(id).orElseThrow(() -> new NoSuchJobException(Long.toString(id)));
    }

    JobPage query(JobQuery query);

    /**
     * Opens a document's spooled bytes. The caller closes the stream.
     *
     * @param index the document's {@link DocumentInfo#index()}
     * @throws NoSuchJobException if there is no such job or document
     */
    InputStream openDocument(long jobId, int index) throws IOException;

    /** Pending → held: the job waits for {@link #release}. */
    Job hold(long id);

    /**
     * Held → pending, optionally on another device.
     *
     * @param deviceId the device to print on, or {@code null} to keep the job's device
     * @throws JobRejectedException if {@code deviceId} names no registered device
     */
    Job release(long id, String deviceId);

    /**
     * Cancels a job that has not ended. A printing job is interrupted on its device; pages already printed
     * stay printed.
     */
    Job cancel(long id);

    /** Processing → stopped (IPP Suspend-Current-Job): the device pauses at its next safe point. */
    Job suspend(long id);

    /** Stopped → processing: undoes {@link #suspend}, or retries a job stopped by a device error now. */
    Job resume(long id);

    /** A canceled, aborted or completed job prints again from its spooled documents (IPP Restart-Job). */
    Job restart(long id);

    /** @param priority 1 (lowest) to 100 (highest); among pending jobs of a device, higher prints first */
    Job setPriority(long id, int priority);

    /**
     * Moves a job that is not printing to another device.
     *
     * @throws JobRejectedException if {@code deviceId} names no registered device
     */
    Job move(long id, String deviceId);

    /**
     * Changes what {@code update} sets: metadata and facts in any state, the ticket only while the job is
     * pending or held.
     *
     * @throws NoSuchJobException if there is no such job
     * @throws IllegalJobStateException ({@link JobOperation#UPDATE_TICKET}) for a ticket change once the job has
     *         started printing
     */
    Job update(long id, JobUpdate update);

    /**
     * Removes an ended job (completed, canceled or aborted) and its documents; its id and token are then unknown.
     *
     * @throws NoSuchJobException if there is no such job
     * @throws IllegalJobStateException ({@link JobOperation#DELETE}) if the job has not ended: cancel it first
     */
    void delete(long id);
}
