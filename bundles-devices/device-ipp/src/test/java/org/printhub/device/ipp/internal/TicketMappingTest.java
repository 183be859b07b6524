package org.printhub.device.ipp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.printhub.job.ColorMode;
import org.printhub.job.JobTicket;
import org.printhub.job.Orientation;
import org.printhub.job.Scaling;
import org.printhub.job.Sides;

import com.hp.jipp.encoding.Attribute;
import com.hp.jipp.encoding.IppPacket;
import com.hp.jipp.model.Operation;
import com.hp.jipp.model.Status;
import com.hp.jipp.model.Types;

import kotlin.ranges.IntRange;

class TicketMappingTest {
    private static final PrinterCapabilities FULL = capabilities(List.of(
            Types.sidesSupported.of("one-sided", "two-sided-long-edge", "two-sided-short-edge"),
            Types.printColorModeSupported.of("auto", "color", "monochrome"),
            Types.copiesSupported.of(new IntRange(1, 99)),
            Types.mediaSupported.of("iso_a4_210x297mm", "na_letter_8.5x11in"),
            Types.pageRangesSupported.of(true),
            Types.printScalingSupported.of("auto", "fit", "fill", "none"),
            Types.orientationRequestedSupported.of(com.hp.jipp.model.Orientation.portrait,
                    com.hp.jipp.model.Orientation.landscape),
            Types.jobPrioritySupported.of(100),
            Types.operationsSupported.of(Operation.printJob)));
    private static final PrinterCapabilities BARE = capabilities(List.of());

    private static PrinterCapabilities capabilities(List<Attribute<?>> attributes) {
        return PrinterCapabilities.from(IppPacket.response(Status.successfulOk).putPrinterAttributes(attributes)
                .build());
    }

    private static Map<String, String> sent(TicketMapping m) {
        Map<String, String> sent = new TreeMap<>();
        m.attributes.forEach(a -> sent.put(a.getName(), String.join(",", a.strings())));
        return sent;
    }

    private static final JobTicket EVERYTHING = JobTicket.builder().copies(3).sides(Sides.TWO_SIDED_SHORT_EDGE)
            .colorMode(ColorMode.MONOCHROME).orientation(Orientation.LANDSCAPE).media("na_letter_8.5x11in")
            .pageRanges("1-3,5-").scaling(Scaling.FIT).priority(80).build();

    @Test
    void everythingThePrinterSupports() {
        TicketMapping m = TicketMapping.of(EVERYTHING, FULL);
        assertEquals(Map.of("copies", "3", "sides", "two-sided-short-edge", "print-color-mode", "monochrome",
                "orientation-requested", "landscape(4)", "media", "na_letter_8.5x11in",
                "page-ranges", "1..3,5..2147483647", "print-scaling", "fit", "job-priority", "80"), sent(m));
        assertEquals(List.of(), m.ignored);
    }

    @Test
    void nothingAPrinterDoesNotSay() {
        TicketMapping m = TicketMapping.of(EVERYTHING, BARE);
        assertEquals(Map.of(), sent(m));
        assertEquals(List.of("copies=3", "sides=two-sided-short-edge", "print-color-mode=monochrome",
                "orientation-requested=landscape", "media=na_letter_8.5x11in", "page-ranges=1-3,5-",
                "print-scaling=fit", "job-priority=80"), m.ignored);
    }

    @Test
    void defaultsSendOnlyOneSidedWhereThePrinterKnowsIt() {
        assertEquals(Map.of("sides", "one-sided"), sent(TicketMapping.of(JobTicket.defaults(), FULL)));
        TicketMapping bare = TicketMapping.of(JobTicket.defaults(), BARE);
        assertEquals(Map.of(), sent(bare));
        assertEquals(List.of(), bare.ignored);
    }

    @Test
    void whatValidateJobRefusesIsDroppedAndListed() {
        TicketMapping m = TicketMapping.of(EVERYTHING, FULL);
        m.drop(List.of("print-scaling", "media"));
        assertEquals(List.of("media=na_letter_8.5x11in", "print-scaling=fit"), m.ignored);
        assertEquals(6, m.attributes.size());
    }
}
