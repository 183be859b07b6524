package org.printhub.api.cirrus.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.printhub.device.DeviceInfo;
import org.printhub.job.DocumentInfo;
import org.printhub.job.Job;
import org.printhub.job.JobState;
import org.printhub.job.JobTicket;

class RecordsTest {
    private static final Instant SUBMITTED = Instant.parse("2026-11-23T20:00:00.250Z");

    @Test
    void aJobHasEveryFieldOfTheReferenceInItsOrder() {
        Map<String, Object> r = Records.job(job(JobState.COMPLETED));
        assertEquals(List.of("Name", "Submitted", "Size", "Ext", "State", "Data", "Segments", "Properties",
                "RawPrint", "Target", "Received", "Delivered", "Message", "Updated"), List.copyOf(r.keySet()));
        assertEquals("Report.pdf", r.get("Name"));
        assertEquals("2026-11-23T20:00:00Z", r.get("Submitted"));
        assertEquals(48213L, r.get("Size"));
        assertEquals("pdf", r.get("Ext"));
        assertEquals(2, r.get("State"));
        assertNull(r.get("Data"));
        assertEquals(List.of(), r.get("Segments"));
        assertEquals(Map.of("copies", "2", "duplex", "2"), r.get("Properties"));
        assertEquals("HQ:laser", r.get("Target"));
        assertEquals("2026-11-23T20:00:05Z", r.get("Received"));
        assertEquals("2026-11-23T20:00:09Z", r.get("Delivered"));
        assertEquals("wrote 48213 bytes", r.get("Message"));
        assertEquals(SUBMITTED.plusSeconds(9).getEpochSecond(), r.get("Updated"));
    }

    @Test
    void onlyADeliveredJobHasADeliveryTime() {
        assertNull(Records.job(job(JobState.CANCELED)).get("Delivered"));
        assertEquals(3, Records.job(job(JobState.CANCELED)).get("State"));
    }

    @Test
    void deviceTypesFollowTheDriver() {
        assertEquals(Records.TYPE_FILE, Records.typeOf("file"));
        assertEquals(Records.TYPE_COMMAND, Records.typeOf("command"));
        assertEquals(Records.TYPE_NETWORK_PRINTER, Records.typeOf("ipp"));
        assertEquals(Records.TYPE_PRINTER, Records.typeOf("virtual"));
    }

    @Test
    void printerLinesAreTheLinuxShape() {
        DeviceInfo info = DeviceInfo.builder("laser", "ipp").name("Laser")
                .media(List.of("iso_a4_210x297mm", "na_letter_8.5x11in")).build();
        assertEquals("Laser\tn/a\t\tn/a\tn/a\tn/a\tiso_a4_210x297mm;na_letter_8.5x11in", Records.printerLine(info));
    }

    private static Job job(JobState state) {
        JobTicket ticket = JobTicket.builder().copies(2)
                .extension(Submissions.LOCATION_EXTENSION, "HQ")
                .extension(Submissions.PROPERTIES_EXTENSION, "copies=2\nduplex=2").build();
        return Job.builder().id(7).token("0123456789abcdef0123456789abcdef").name("Report.pdf").deviceId("laser")
                .state(state).ticket(ticket).stateMessage("wrote 48213 bytes")
                .documents(List.of(new DocumentInfo(0, "Report.pdf", Formats.PDF, 48213, "00")))
                .createdAt(SUBMITTED).processingAt(SUBMITTED.plusSeconds(5)).completedAt(SUBMITTED.plusSeconds(9))
                .updatedAt(SUBMITTED.plusSeconds(9)).build();
    }
}
