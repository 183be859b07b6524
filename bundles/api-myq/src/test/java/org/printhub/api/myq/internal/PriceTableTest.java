package org.printhub.api.myq.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.printhub.job.ColorMode;
import org.printhub.job.Job;
import org.printhub.job.JobTicket;
import org.printhub.job.Sides;

class PriceTableTest {
    private static Job job(int pages, int colour, JobTicket ticket) {
        return Job.builder().id(1).token("0123456789abcdef0123456789abcdef").deviceId("follow").ticket(ticket)
                .pageCount(pages).colorPageCount(colour).createdAt(Instant.EPOCH).build();
    }

    private final PriceTable prices = PriceTable.parse("*:0.05:0.25:0.1", "office:0.04:0.20:0.5");

    @Test
    void monoAndColourPagesEachAtTheirPriceForEveryCopy() {
        JobTicket two = JobTicket.builder().copies(2).build();
        // 2 copies x (3 mono x 0.05 + 1 colour x 0.25)
        assertEquals(new BigDecimal("0.8"), prices.cost(job(4, 1, two), "anywhere").orElseThrow());
        assertEquals(new BigDecimal("0.64"), prices.cost(job(4, 1, two), "office").orElseThrow());
    }

    @Test
    void twoSidedPrintingIsDiscounted() {
        JobTicket duplex = JobTicket.builder().sides(Sides.TWO_SIDED_LONG_EDGE).build();
        assertEquals(new BigDecimal("0.18"), prices.cost(job(4, 0, duplex), "x").orElseThrow());
    }

    @Test
    void monochromePrintingMakesEveryPageMono() {
        JobTicket mono = JobTicket.builder().colorMode(ColorMode.MONOCHROME).build();
        assertEquals(new BigDecimal("0.2"), prices.cost(job(4, 4, mono), "x").orElseThrow());
    }

    @Test
    void unknownPagesOrNoPriceMeanNoCost() {
        assertEquals(Optional.empty(), prices.cost(job(Job.UNKNOWN, Job.UNKNOWN, JobTicket.defaults()), "x"));
        assertEquals(Optional.empty(), PriceTable.parse("office:1:2:0").cost(job(1, 0, JobTicket.defaults()), "x"));
    }

    @Test
    void badEntriesAreNamed() {
        for (String bad : new String[] { "office:1:2", "office:a:2:0", "office:1:2:1.5", "office:-1:2:0" }) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PriceTable.parse(bad));
            assertTrue(e.getMessage().contains(bad), e.getMessage());
        }
    }
}
