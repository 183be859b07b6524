package org.printhub.job.store;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;
import org.printhub.job.Job;
import org.printhub.job.JobPage;
import org.printhub.job.JobQuery;
import org.printhub.job.JobState;
import org.printhub.job.JobRejectedException;
import org.printhub.job.JobStorageException;
import org.printhub.job.NoSuchJobException;

/**
 * Durable jobs and their spooled documents. Thread-safe. The store holds no rules about states: it keeps
 * what the job service gives it, and refuses an update made from a stale snapshot.
 *
 * <p>Every method may throw {@link JobStorageException} when the disk or database fails.
 */
@ProviderType
public interface JobStore {

    /**
     * Streams a document into the spool, computing its SHA-256, and forces it to disk. Reads {@code in} to
     * the end but does not close it.
     *
     * @param maxBytes the most bytes accepted
     * @throws JobRejectedException {@link JobRejectedException#TOO_LARGE} past {@code maxBytes},
     *         {@link JobRejectedException#BAD_DOCUMENT} when reading {@code in} fails; nothing is left behind
     * @throws JobStorageException when writing fails (e.g. the disk is full); nothing is left behind
     */
    SpooledDocument spool(String name, String mimeType, InputStream in, long maxBytes);

    /** Deletes a spooled document that will not become part of a job. Never throws. */
    void discard(SpooledDocument document);

    /**
     * Stores a new job with its documents, assigning its id (greater than every id before) and revision 1.
     * Returns only once the job is on disk; concurrent inserts share the cost of forcing it there.
     *
     * @param draft the job to store; its id and revision are ignored, its documents replaced by
     *        {@code documents} in order
     */
    Job insert(Job draft, List<SpooledDocument> documents);

    Optional<Job> find(long id);

    Optional<Job> findByToken(String token);

    JobPage query(JobQuery query);

    /**
     * Replaces the stored job with {@code updated} if the stored revision is still {@code updated.revision()}.
     * The change is committed, but forced to disk only with the next insert or {@link #sync()}.
     *
     * @return the stored snapshot, with the next revision; empty if the job changed meanwhile (re-read and
     *         decide again) or no longer exists
     */
    Optional<Job> update(Job updated);

    /**
     * Deletes a job and its spooled documents if the stored revision is still {@code job.revision()}. Like
     * {@link #update(Job)}, it is forced to disk with the next insert or {@link #sync()}.
     *
     * @return false if the job changed meanwhile or no longer exists
     */
    boolean delete(Job job);

    /** Forces every committed change to disk. */
    void sync();

    /**
     * @param index the document's index in the job
     * @throws IOException if the spool file cannot be read
     * @throws NoSuchJobException if the job or document does not exist
     */
    InputStream openDocument(long jobId, int index) throws IOException;

    /**
     * The pending jobs of a device in dispatch order: highest priority first, then oldest.
     *
     * @param limit the most to return
     */
    List<Job> nextPending(String deviceId, int limit);

    /** How many jobs of a device are in one of {@code states}. */
    long count(String deviceId, Set<JobState> states);

    /** Ids of the devices that have jobs in one of {@code states}. */
    Set<String> deviceIds(Set<JobState> states);

    /** Devices an administrator paused; remembered across restarts. */
    Set<String> pausedDevices();

    void setPaused(String deviceId, boolean paused);
}
