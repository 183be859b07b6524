package org.printhub.store.internal;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.printhub.job.Job;

/**
 * The jobs this store read or wrote last, as committed, so that reading a job again (a client polling its
 * status) costs no query. Only for a database no one else writes to (embedded H2): every change then passes
 * through this store, which offers the result here.
 *
 * <p>Races between a read and a change of the same job are settled by revision: an entry is only ever replaced
 * by a newer revision of the job, and a deleted job's entry becomes a tombstone that no read can replace. When
 * the table grows past its capacity, the entries of the oldest jobs (lowest ids, the ones least likely to be
 * asked for) go; tombstones go with them, which can only let a read that began before a deletion and ended
 * after thousands of later jobs bring back a stale entry, never a wrong answer for a job that exists.
 */
final class JobSnapshots {
    /** A deleted job: newer than any revision, so never replaced. */
    private static final Entry DELETED = new Entry(null, Long.MAX_VALUE);

    private final int capacity;
    private final Map<Long, Entry> entries;
    private final AtomicBoolean evicting = new AtomicBoolean();

    private record Entry(Job job, long revision) {
    }

    /** @param capacity how many jobs to keep; 0 keeps none */
    JobSnapshots(int capacity) {
        this.capacity = Math.max(0, capacity);
        this.entries = new ConcurrentHashMap<>(Math.min(this.capacity, 1 << 16) * 4 / 3 + 1);
    }

    /**
     * The job as last committed, if known: empty when it is not in the table, an empty inner optional when the
     * job was deleted.
     */
    Optional<Optional<Job>> get(long id) {
        Entry e = entries.get(id);
        return e == null ? Optional.empty() : Optional.of(Optional.ofNullable(e.job()));
    }

    /** The job as read or written just now; kept unless a newer revision is already known. */
    void offer(Job job) {
        if (capacity == 0) {
            return;
        }
        Entry offered = new Entry(job, job.revision());
        entries.merge(job.id(), offered, (old, neu) -> neu.revision() > old.revision() ? neu : old);
        if (entries.size() > capacity) {
            evictOldest();
        }
    }

    void deleted(long id) {
        if (capacity > 0) {
            entries.put(id, DELETED);
        }
    }

    int size() {
        return entries.size();
    }

    /** Drops an eighth of the table, the lowest ids; one thread at a time, the others carry on. */
    private void evictOldest() {
        if (!evicting.compareAndSet(false, true)) {
            return;
        }
        try {
            long[] ids = entries.keySet().stream().mapToLong(Long::longValue).toArray();
            int drop = ids.length - capacity + capacity / 8;
            if (drop <= 0) {
                return;
            }
            Arrays.sort(ids);
            for (int i = 0; i < drop && i < ids.length; i++) {
                entries.remove(ids[i]);
            }
        } finally {
            evicting.set(false);
        }
    }
}
