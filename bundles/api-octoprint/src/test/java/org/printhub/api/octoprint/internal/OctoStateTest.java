package org.printhub.api.octoprint.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.printhub.device.DeviceInfo;
import org.printhub.job.Job;
import org.printhub.job.JobState;
import org.printhub.job.JobStateReasons;
import org.printhub.job.PrinterState;
import org.printhub.job.PrinterStatus;

class OctoStateTest {
    static final DeviceInfo INFO = DeviceInfo.builder("mk3", "gcode").build();

    static Optional<PrinterStatus> printer(boolean present, boolean paused, long current) {
        return Optional.of(new PrinterStatus("mk3", present ? INFO : null, paused,
                current == 0 ? PrinterState.IDLE : PrinterState.PROCESSING, Set.of(), "", current, 0));
    }

    static Optional<Job> job(JobState state, String... reasons) {
        return Optional.of(Job.builder().id(7).token("t").deviceId("mk3").name("a.gcode").owner("alice")
                .origin("octoprint").state(state, reasons).createdAt(Instant.now()).build());
    }

    @Test
    void statesAndFlagsAsOctoPrintHasThem() {
        assertEquals("Offline", OctoState.of(Optional.empty(), Optional.empty(), false, "").text());
        assertEquals("Offline", OctoState.of(printer(false, false, 0), job(JobState.HELD), false, "").text());
        assertEquals("Offline", OctoState.of(printer(true, true, 0), job(JobState.HELD), false, "").text());
        OctoState idle = OctoState.of(printer(true, false, 0), Optional.empty(), false, "");
        assertEquals("Operational", idle.text());
        assertTrue(idle.ready());
        assertEquals("Starting", OctoState.of(printer(true, false, 0), job(JobState.PENDING), false, "").text());
        OctoState printing = OctoState.of(printer(true, false, 7), job(JobState.PROCESSING), false, "");
        assertEquals("Printing", printing.text());
        assertTrue(printing.active());
        assertFalse(printing.ready());
        assertEquals("Cancelling", OctoState.of(printer(true, false, 7), job(JobState.PROCESSING), true, "").text());
        OctoState paused = OctoState.of(printer(true, false, 7), job(JobState.STOPPED, JobStateReasons.JOB_SUSPENDED),
                false, "");
        assertEquals("Paused", paused.text());
        assertTrue((Boolean) paused.flags().get("paused"));
        assertFalse((Boolean) paused.flags().get("printing"));
        OctoState pausing = OctoState.of(printer(true, false, 7), job(JobState.STOPPED,
                JobStateReasons.JOB_SUSPENDED), false, true, "");
        assertEquals("Pausing", pausing.text());
        assertTrue((Boolean) pausing.flags().get("pausing"));
        assertTrue((Boolean) pausing.flags().get("printing"));
        assertTrue(pausing.active());
        assertEquals("Operational", OctoState.of(printer(true, false, 0), job(JobState.COMPLETED), false, "").text());
        assertEquals("Operational", OctoState.of(printer(true, false, 0), job(JobState.HELD,
                JobStateReasons.JOB_RESTARTABLE), false, "").text());
        assertTrue((Boolean) OctoState.OFFLINE.flags().get("closedOrError"));
    }
}
