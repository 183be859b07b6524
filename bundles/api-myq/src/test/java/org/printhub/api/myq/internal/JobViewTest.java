package org.printhub.api.myq.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.printhub.http.Json;
import org.printhub.job.ColorMode;
import org.printhub.job.DocumentInfo;
import org.printhub.job.Job;
import org.printhub.job.JobState;
import org.printhub.job.JobTicket;
import org.printhub.job.Sides;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

class JobViewTest {
    private static final Instant CREATED = Instant.parse("2026-11-23T20:00:00.750Z");

    // no job service or printers: the view only asks which devices are pull queues
    private final PullQueues queues = new PullQueues(null, null, new String[] { "secure" }, Duration.ofHours(1),
            Clock.systemUTC());
    private final JobView view = new JobView(ZoneId.of("Europe/Prague"), PriceTable.parse("*:0.05:0.25:0.1"),
            queues, owner -> owner.equals("alice") ? 7 : 0);
    private final Json json = Json.of(Json.builder().registerTypeAdapter(JobView.Shown.class, JobView.ADAPTER).create());

    @AfterEach
    void stop() {
        queues.deactivate();
    }

    @Test
    void aPrinterJobHasEveryFieldInMyqOrderAndNoNulls() {
        JobTicket ticket = JobTicket.builder().copies(2).sides(Sides.TWO_SIDED_LONG_EDGE)
                .colorMode(ColorMode.COLOR).media("iso_a4_210x297mm").build();
        Job job = Job.builder().id(42).token("0123456789abcdef0123456789abcdef").name("Report \"Q4\" <draft>.pdf")
                .deviceId("laser").owner("alice").state(JobState.COMPLETED).ticket(ticket).pageCount(4)
                .colorPageCount(1).documents(List.of(new DocumentInfo(0, "r.pdf", "application/pdf", 48213, "00")))
                .createdAt(CREATED).build();
        String text = json.toJson(view.of(job));
        JsonObject o = JsonParser.parseString(text).getAsJsonObject();
        assertEquals(List.of("id", "name", "date", "dateTime", "favorite", "cost", "duplex", "color", "pageCount",
                "colorCount", "copies", "paper", "state", "ownerId", "owner", "projectId", "printerId", "size"),
                List.copyOf(o.keySet()), "account and queue are null, so left out");
        assertEquals(42, o.get("id").getAsLong());
        assertTrue(text.contains("\"name\":\"Report \\\"Q4\\\" <draft>.pdf\""), text);
        assertEquals("2026-11-23", o.get("date").getAsString());
        assertEquals("2026-11-23T21:00:00+01:00", o.get("dateTime").getAsString());
        assertFalse(o.get("favorite").getAsBoolean());
        // 2 copies x (3 x 0.05 + 1 x 0.25) x 0.9
        assertEquals("0.72", o.get("cost").getAsBigDecimal().toPlainString());
        assertTrue(o.get("duplex").getAsBoolean());
        assertTrue(o.get("color").getAsBoolean());
        assertEquals(4, o.get("pageCount").getAsInt());
        assertEquals(1, o.get("colorCount").getAsInt());
        assertEquals(2, o.get("copies").getAsInt());
        assertEquals("A4", o.getAsJsonObject("paper").get("format").getAsString());
        assertEquals(7, o.get("ownerId").getAsLong());
        assertEquals("alice", o.get("owner").getAsString());
        assertEquals(0, o.get("projectId").getAsLong());
        assertEquals("laser", o.get("printerId").getAsString());
        assertEquals(48213, o.get("size").getAsLong());
    }

    @Test
    void aClientJobInAPullQueueNamesItsQueueAndItsComputer() {
        JobTicket ticket = JobTicket.builder().extension(JobView.CLIENT_SIZE, "1024")
                .extension(JobView.CLIENT_COMPUTER, "PC-7").build();
        Job job = Job.builder().id(43).token("0123456789abcdef0123456789abcdef").name("spooled").deviceId("secure")
                .owner("bob").account("sales").state(JobState.HELD).ticket(ticket)
                .documents(List.of(new DocumentInfo(0, "d.json", JobView.CLIENT_JOB_TYPE, 300, "00")))
                .createdAt(CREATED).build();
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("jobs", List.of(view.of(job)));
        page.put("count", 1);
        JsonObject o = JsonParser.parseString(json.toJson(page)).getAsJsonObject().getAsJsonArray("jobs").get(0)
                .getAsJsonObject();
        assertEquals("secure", o.get("queue").getAsString());
        assertFalse(o.has("printerId"));
        assertEquals("sales", o.get("account").getAsString());
        assertEquals(0, o.get("ownerId").getAsLong());
        assertEquals(1024, o.get("size").getAsLong(), "the size the client reported, not the descriptor's");
        assertEquals("PC-7", o.getAsJsonObject("client").get("computer").getAsString());
        assertFalse(o.getAsJsonObject("client").has("uuid"));
        assertEquals("default", o.getAsJsonObject("paper").get("format").getAsString());
    }
}
