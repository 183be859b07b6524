package org.printhub.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.printhub.job.ColorMode;
import org.printhub.job.JobTicket;
import org.printhub.job.Orientation;
import org.printhub.job.Scaling;
import org.printhub.job.Sides;

class JobRowsTest {

    @Test
    void reasonsSurviveSeparatorsAndEscapes() {
        for (List<String> reasons : List.of(List.of("none"), List.of("job-printing", "printer-stopped"),
                List.of("a,b", "c\\d", "\\", ",", "e"), List.of("trailing\\"))) {
            Set<String> set = new LinkedHashSet<>(reasons);
            assertEquals(reasons, List.copyOf(JobRows.decodeReasons(JobRows.encodeReasons(set))));
        }
        assertEquals("job-printing,a\\,b", JobRows.encodeReasons(new LinkedHashSet<>(List.of("job-printing", "a,b"))));
    }

    @Test
    void instantsAreExactDecimalSeconds() {
        for (Instant t : List.of(Instant.EPOCH, Instant.parse("2026-11-23T10:15:30.123456789Z"),
                Instant.parse("1969-12-31T23:59:59.999999999Z"), Instant.MIN, Instant.MAX)) {
            BigDecimal d = JobRows.toDecimal(t);
            assertEquals(9, d.scale());
            assertEquals(t, JobRows.fromDecimal(d));
            assertEquals(t, JobRows.fromDecimal(new BigDecimal(d.toPlainString() + "000")), "any scale");
        }
        assertEquals(new BigDecimal("-0.000000001"),
                JobRows.toDecimal(Instant.parse("1969-12-31T23:59:59.999999999Z")));
        assertEquals(new BigDecimal("1.500000000"), JobRows.toDecimal(Instant.ofEpochMilli(1500)));
    }

    @Test
    void ticketJsonUsesKeywordsAndRoundTrips() {
        JobTicket t = JobTicket.builder().copies(2).sides(Sides.TWO_SIDED_LONG_EDGE).colorMode(ColorMode.COLOR)
                .orientation(Orientation.REVERSE_PORTRAIT).media("na_letter_8.5x11in").pageRanges("2-4")
                .collate(false).scaling(Scaling.AUTO_FIT).scalePercent(0).priority(1).extension("x", "\"quoted\"")
                .build();
        String json = TicketJson.write(t);
        assertEquals("{\"copies\":2,\"sides\":\"two-sided-long-edge\",\"colorMode\":\"color\","
                + "\"orientation\":\"reverse-portrait\",\"media\":\"na_letter_8.5x11in\",\"pageRanges\":\"2-4\","
                + "\"collate\":false,\"scaling\":\"auto-fit\",\"scalePercent\":0,\"priority\":1,"
                + "\"extensions\":{\"x\":\"\\\"quoted\\\"\"}}", json);
        assertEquals(t, TicketJson.read(json));
        assertEquals(JobTicket.defaults(), TicketJson.read(TicketJson.write(JobTicket.defaults())));
    }

    @Test
    void missingTicketKeysReadAsDefaultsAndBadValuesFail() {
        assertEquals(JobTicket.defaults(), TicketJson.read("{}"));
        assertEquals(JobTicket.builder().copies(4).build(), TicketJson.read("{\"copies\":4,\"future\":true}"));
        for (String bad : List.of("", "[]", "{\"copies\":0}", "{\"sides\":\"three-sided\"}",
                "{\"copies\":\"many\"}", "{\"pageRanges\":\"5-2\"}", "{\"extensions\":[1]}", "{\"copies\": ")) {
            assertThrows(RuntimeException.class, () -> TicketJson.read(bad), bad);
        }
    }
}
