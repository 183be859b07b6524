package org.printhub.api.scriptx.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.printhub.job.JobState;

/** The table against ../shared/reference/scriptx-services.md §4.3 and §6, and seeds 000 and 001. */
class StatusTableTest {
    @Test
    void codesAreTheReferencesNumbers() {
        Map<Integer, Integer> reference = Map.ofEntries(Map.entry(0, StatusTable.NOT_STARTED),
                Map.entry(1, StatusTable.QUEUED), Map.entry(2, StatusTable.STARTING),
                Map.entry(3, StatusTable.DOWNLOADING), Map.entry(4, StatusTable.DOWNLOADED),
                Map.entry(5, StatusTable.PRINTING), Map.entry(6, StatusTable.COMPLETED),
                Map.entry(7, StatusTable.PAUSED), Map.entry(8, StatusTable.PRINTING_PDF),
                Map.entry(100, StatusTable.COLLECTED), Map.entry(101, StatusTable.CODE_EXCEPTION),
                Map.entry(102, StatusTable.COMPLETED_WAITING_FOR_COLLECTION), Map.entry(-1, StatusTable.ITEM_ERROR),
                Map.entry(-2, StatusTable.ABANDONED));
        reference.forEach((code, constant) -> assertEquals(code, constant));
        assertEquals(1, StatusTable.QUEUED_TO_DEVICE);
        assertEquals(2, StatusTable.QUEUED_TO_FILE);
        assertEquals(3, StatusTable.SOFT_ERROR);
        assertEquals(4, StatusTable.OK);
    }

    @Test
    void everyCoreStateHasItsCode() {
        assertEquals(1, StatusTable.of(JobState.PENDING, false), "waiting in the queue");
        assertEquals(1, StatusTable.of(JobState.HELD, true));
        assertEquals(5, StatusTable.of(JobState.PROCESSING, false), "HTML engine printing");
        assertEquals(8, StatusTable.of(JobState.PROCESSING, true), "PDF engine printing");
        assertEquals(7, StatusTable.of(JobState.STOPPED, false), "keeps the client polling");
        assertEquals(6, StatusTable.of(JobState.COMPLETED, true), "102 is internal: 6 is returned");
        assertEquals(-2, StatusTable.of(JobState.CANCELED, false), "seed 000: cancelled jobs are Abandoned");
        assertEquals(-1, StatusTable.of(JobState.ABORTED, true));
        for (JobState s : JobState.values()) {
            int code = StatusTable.of(s, false);
            assertTrue(code != 100 && code != 102 && code != 0, s + " never reports an internal code");
            assertEquals(s.isTerminal(), StatusTable.isFinal(code), s.toString());
        }
    }

    @Test
    void onlyQueuedAndPreProcessingJobsCanBeCancelled() {
        for (int code : new int[] { 0, 1, 2, 3, 4 }) {
            assertTrue(StatusTable.isCancellable(code), "seed 000: queued/pre-processing " + code);
        }
        for (int code : new int[] { 5, 8, 6, -1, -2, 7, 100, 101 }) {
            assertFalse(StatusTable.isCancellable(code), "seed 000: printing or ended " + code);
        }
    }
}
