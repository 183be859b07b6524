package org.printhub.job.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.printhub.job.IllegalJobStateException;
import org.printhub.job.Job;
import org.printhub.job.JobOperation;
import org.printhub.job.JobState;

class TransitionTest {
    private static Job in(JobState state) {
        return Job.builder().id(7).token("t").deviceId("d").createdAt(Instant.EPOCH).state(state).build();
    }

    @Test
    void everyCommandIsAllowedExactlyFromItsIppStates() {
        String table = "";
        for (Transition t : Transition.values()) {
            if (!t.isCommand()) {
                continue;
            }
            StringBuilder row = new StringBuilder(t.name()).append(':');
            for (JobState s : JobState.values()) {
                if (t.allowedFrom(s)) {
                    row.append(' ').append(s.keyword()).append("->").append(t.apply(in(s)).keyword());
                }
            }
            table += row + "\n";
        }
        assertEquals("HOLD: pending->pending-held pending-held->pending-held\n"
                + "RELEASE: pending-held->pending\n"
                + "CANCEL: pending->canceled pending-held->canceled processing->canceled processing-stopped->canceled\n"
                + "SUSPEND: processing->processing-stopped\n"
                + "RESUME: processing-stopped->processing\n"
                + "RESTART: canceled->pending aborted->pending completed->pending\n"
                + "SET_PRIORITY: pending->pending pending-held->pending-held processing-stopped->processing-stopped\n"
                + "MOVE: pending->pending pending-held->pending-held processing-stopped->processing-stopped\n"
                + "UPDATE_TICKET: pending->pending pending-held->pending-held\n"
                + "DELETE: canceled->canceled aborted->aborted completed->completed\n", table);
    }

    @Test
    void refusedCommandNamesJobStateAndOperation() {
        IllegalJobStateException e = assertThrows(IllegalJobStateException.class,
                () -> Transition.CANCEL.apply(in(JobState.COMPLETED)));
        assertEquals(7, e.jobId());
        assertEquals(JobState.COMPLETED, e.state());
        assertEquals(JobOperation.CANCEL, e.operation());
        assertEquals("cannot cancel job 7: it is completed", e.getMessage());
    }

    @Test
    void refusedDispatcherTransitionIsNotAClientError() {
        assertThrows(IllegalStateException.class, () -> Transition.DISPATCH.apply(in(JobState.HELD)));
    }
}
