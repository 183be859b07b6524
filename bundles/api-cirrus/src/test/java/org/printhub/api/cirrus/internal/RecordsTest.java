package org.printhub.api.cirrus.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.printhub.device.DeviceInfo;
import org.printhub.job.DocumentInfo;
import org.printhub.job.Job;
import org.printhub.job.JobState;
import org.printhub.job.JobTicket;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

class RecordsTest {
    private static final Instant SUBMITTED = Instant.parse("2026-11-23T20:00:00.250Z");

    @Test
    void aJobHasEveryFieldOfTheReferenceInItsOrder() {
        JsonObject r = record(job(JobState.COMPLETED, "copies=2\nduplex=2"));
        assertEquals(List.of("Name", "Submitted", "Size", "Ext", "State", "Data", "Segments", "Properties",
                "RawPrint", "Target", "Received", "Delivered", "Message", "Updated"), List.copyOf(r.keySet()));
        assertEquals("Report.pdf", r.get("Name").getAsString());
        assertEquals("2026-11-23T20:00:00Z", r.get("Submitted").getAsString());
        assertEquals(48213L, r.get("Size").getAsLong());
        assertEquals("pdf", r.get("Ext").getAsString());
        assertEquals(2, r.get("State").getAsInt());
        assertTrue(r.get("Data").isJsonNull());
        assertEquals(new JsonArray(), r.get("Segments"));
        assertEquals(JsonParser.parseString("{\"copies\":\"2\",\"duplex\":\"2\"}"), r.get("Properties"));
        assertTrue(r.get("RawPrint").getAsBoolean());
        assertEquals("HQ:laser", r.get("Target").getAsString());
        assertEquals("2026-11-23T20:00:05Z", r.get("Received").getAsString());
        assertEquals("2026-11-23T20:00:09Z", r.get("Delivered").getAsString());
        assertEquals("wrote 48213 bytes", r.get("Message").getAsString());
        assertEquals(SUBMITTED.plusSeconds(9).getEpochSecond(), r.get("Updated").getAsLong());
    }

    @Test
    void onlyADeliveredJobHasADeliveryTime() {
        JsonObject r = record(job(JobState.CANCELED, ""));
        assertTrue(r.get("Delivered").isJsonNull());
        assertEquals(3, r.get("State").getAsInt());
        assertEquals(new JsonObject(), r.get("Properties"));
    }

    @Test
    void textIsEscapedAsJsonAndNotForHtml() {
        String json = Records.job(job(JobState.PENDING, "note=<a&b> \"quoted\"\\"));
        assertTrue(json.contains("\"note\":\"<a&b> \\\"quoted\\\"\\\\\""), json);
        JsonObject r = JsonParser.parseString(json).getAsJsonObject();
        assertEquals("<a&b> \"quoted\"\\", r.getAsJsonObject("Properties").get("note").getAsString());
    }

    private static JsonObject record(Job job) {
        return JsonParser.parseString(Records.job(job)).getAsJsonObject();
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

    private static Job job(JobState state, String props) {
        JobTicket ticket = JobTicket.builder().copies(2)
                .extension(Submissions.LOCATION_EXTENSION, "HQ")
                .extension(Submissions.PROPERTIES_EXTENSION, props).build();
        return Job.builder().id(7).token("0123456789abcdef0123456789abcdef").name("Report.pdf").deviceId("laser")
                .state(state).ticket(ticket).stateMessage("wrote 48213 bytes")
                .documents(List.of(new DocumentInfo(0, "Report.pdf", Formats.PDF, 48213, "00")))
                .createdAt(SUBMITTED).processingAt(SUBMITTED.plusSeconds(5)).completedAt(SUBMITTED.plusSeconds(9))
                .updatedAt(SUBMITTED.plusSeconds(9)).build();
    }
}
