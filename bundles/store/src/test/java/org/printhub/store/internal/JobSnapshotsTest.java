package org.printhub.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.printhub.job.Job;

class JobSnapshotsTest {

    private static Job job(long id, long revision) {
        return Fixtures.draft("dev").id(id).revision(revision).build();
    }

    @Test
    void anOlderRevisionNeverReplacesANewerOne() {
        JobSnapshots snapshots = new JobSnapshots(16);
        snapshots.offer(job(1, 3));
        // a read that began before the update to revision 3 ends after it
        snapshots.offer(job(1, 2));
        assertEquals(3, snapshots.get(1).orElseThrow().orElseThrow().revision());
        snapshots.offer(job(1, 4));
        assertEquals(4, snapshots.get(1).orElseThrow().orElseThrow().revision());
    }

    @Test
    void aDeletedJobStaysDeletedWhateverAReadOffersLater() {
        JobSnapshots snapshots = new JobSnapshots(16);
        snapshots.offer(job(7, 1));
        snapshots.deleted(7);
        snapshots.offer(job(7, 5));
        assertEquals(Optional.of(Optional.empty()), snapshots.get(7));
        assertTrue(snapshots.get(8).isEmpty());
    }

    @Test
    void pastItsCapacityTheOldestJobsGo() {
        JobSnapshots snapshots = new JobSnapshots(64);
        for (long id = 1; id <= 1000; id++) {
            snapshots.offer(job(id, 1));
        }
        assertTrue(snapshots.size() <= 64, "size " + snapshots.size());
        assertTrue(snapshots.get(1000).isPresent());
        assertTrue(snapshots.get(1).isEmpty());
    }

    @Test
    void withNoCapacityNothingIsKept() {
        JobSnapshots snapshots = new JobSnapshots(0);
        snapshots.offer(job(1, 1));
        snapshots.deleted(2);
        assertTrue(snapshots.get(1).isEmpty());
        assertTrue(snapshots.get(2).isEmpty());
        assertEquals(0, snapshots.size());
    }
}
