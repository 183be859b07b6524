package org.printhub.job.store;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

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

    /**
     * A dispatcher's step from one job to the next, as one call to the database (a printer's queue then costs
     * one round trip per job, not three): stores {@code finished}, if not null, as {@link #update(Job)} does;
     * then reads the device's pending jobs in dispatch order, as {@link #nextPending(String, int)} does, and
     * offers them in turn to {@code decide}, which answers the update to store for that job (compare-and-set,
     * as {@link #update(Job)}) or empty to pass over it. It stops after the first stored update that
     * {@code enough} accepts, and at the first update that finds its job changed since it was read.
     *
     * <p>{@code decide} and {@code enough} may run inside the store's own call: they must be quick and must not
     * call the store. The store applies no rule of its own: which updates are made is {@code decide}'s choice.
     * The default implementation makes the same calls one after the other.
     *
     * @param finished a job's last change to store first, or null; if it fails its compare-and-set, nothing
     *        else is done
     * @param limit the most pending jobs to read
     */
    default Dispatched dispatch(Job finished, String deviceId, int limit, Function<Job, Optional<Job>> decide,
            Predicate<Job> enough) {
        return Dispatched.<RuntimeException>run(finished, deviceId, limit, this::update,
                device -> nextPending(device, limit), decide, enough);
    }

    /** How many jobs of a device are in one of {@code states}. */
    long count(String deviceId, Set<JobState> states);

    /** Ids of the devices that have jobs in one of {@code states}. */
    Set<String> deviceIds(Set<JobState> states);

    /** Devices an administrator paused; remembered across restarts. */
    Set<String> pausedDevices();

    void setPaused(String deviceId, boolean paused);
}
