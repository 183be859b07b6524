package org.printhub.api.cirrus.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.printhub.job.Job;
import org.printhub.job.JobState;

/** The table against the reference: 0 submitted, 1 received, 2 delivered, 3 deleted, 8 saved, 9 trashed. */
class CirrusStatesTest {
    private static final Map<JobState, Integer> EXPECTED = new EnumMap<>(Map.of(
            JobState.PENDING, 0, JobState.HELD, 0,
            JobState.PROCESSING, 1, JobState.STOPPED, 1,
            JobState.COMPLETED, 2,
            JobState.CANCELED, 3, JobState.ABORTED, 3));

    @Test
    void everyCoreStateHasItsCode() {
        for (JobState s : JobState.values()) {
            assertEquals(EXPECTED.get(s), CirrusStates.of(job(s)), s.keyword());
        }
    }

    @Test
    void theCodesAreTheReferenceOnes() {
        assertEquals(Set.of(0, 1, 2, 3, 8, 9), new TreeSet<>(Set.of(CirrusStates.SUBMITTED, CirrusStates.RECEIVED,
                CirrusStates.DELIVERED, CirrusStates.DELETED, CirrusStates.SAVED, CirrusStates.TRASHED)));
    }

    @Test
    void browserOnlyCodesAreNeverProduced() {
        for (JobState s : JobState.values()) {
            int code = CirrusStates.of(job(s));
            assertEquals(false, code == CirrusStates.SAVED || code == CirrusStates.TRASHED, s.keyword());
        }
    }

    static Job job(JobState state) {
        return Job.builder().id(1).token("0123456789abcdef0123456789abcdef").deviceId("pdf").state(state)
                .createdAt(Instant.parse("2026-11-23T20:00:00Z")).build();
    }
}
