package org.printhub.api.myq.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.EnumSet;

import org.junit.jupiter.api.Test;
import org.printhub.job.Job;
import org.printhub.job.JobState;
import org.printhub.job.JobTicket;

class MyqStateTest {
    private static Job job(JobState state, JobTicket ticket) {
        return Job.builder().id(1).token("0123456789abcdef0123456789abcdef").deviceId("office").state(state)
                .ticket(ticket).createdAt(Instant.EPOCH).build();
    }

    private static String text(JobState state, boolean inPullQueue) {
        return MyqState.of(job(state, JobTicket.defaults()), inPullQueue).text();
    }

    @Test
    void everyCoreStateHasTheReferenceString() {
        assertEquals("processing", text(JobState.PENDING, true));
        assertEquals("printing", text(JobState.PENDING, false));
        assertEquals("ready", text(JobState.HELD, true));
        assertEquals("ready", text(JobState.HELD, false));
        assertEquals("printing", text(JobState.PROCESSING, false));
        assertEquals("paused", text(JobState.STOPPED, false));
        assertEquals("printed", text(JobState.COMPLETED, false));
        assertEquals("canceled", text(JobState.CANCELED, true));
        assertEquals("failed", text(JobState.ABORTED, false));
    }

    @Test
    void aHeldJobCanceledByRetentionIsDeleted() {
        JobTicket marked = JobTicket.builder().extension(MyqState.EXPIRED_MARK, "2026-01-01T00:00:00Z").build();
        assertEquals(MyqState.DELETED, MyqState.of(job(JobState.CANCELED, marked), true));
    }

    @Test
    void everyStateIsReachableAndItsCoreStatesCoverIt() {
        EnumSet<MyqState> seen = EnumSet.noneOf(MyqState.class);
        JobTicket marked = JobTicket.builder().extension(MyqState.EXPIRED_MARK, "x").build();
        for (JobState s : JobState.values()) {
            for (boolean pull : new boolean[] { true, false }) {
                for (JobTicket t : new JobTicket[] { JobTicket.defaults(), marked }) {
                    MyqState m = MyqState.of(job(s, t), pull);
                    assertTrue(m.coreStates().contains(s), m + " must list " + s);
                    seen.add(m);
                }
            }
        }
        assertEquals(EnumSet.allOf(MyqState.class), seen);
    }

    @Test
    void statesSharingCoreStatesAreNotExact() {
        assertFalse(MyqState.CANCELED.isExact());
        assertFalse(MyqState.DELETED.isExact());
        assertFalse(MyqState.PROCESSING.isExact());
        assertFalse(MyqState.PRINTING.isExact());
        assertTrue(MyqState.READY.isExact());
        assertTrue(MyqState.PRINTED.isExact());
        assertTrue(MyqState.FAILED.isExact());
        assertTrue(MyqState.PAUSED.isExact());
    }

    @Test
    void parsesMyqStringsAndNamesTheKnownOnesOtherwise() {
        assertEquals(MyqState.READY, MyqState.parse(" Ready "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MyqState.parse("held"));
        assertTrue(e.getMessage().contains("'held'") && e.getMessage().contains("printed"), e.getMessage());
    }
}
