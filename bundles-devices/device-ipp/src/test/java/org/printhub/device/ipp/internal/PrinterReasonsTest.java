package org.printhub.device.ipp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import org.junit.jupiter.api.Test;

class PrinterReasonsTest {

    @Test
    void theMostSevereReasonWithoutItsSuffix() {
        assertEquals("media-empty", PrinterReasons.primary(List.of("toner-low-warning", "media-empty-error")));
        assertEquals("door-open", PrinterReasons.primary(List.of("marker-supply-low-report", "door-open")));
        assertEquals("media-jam", PrinterReasons.primary(List.of("paused", "media-jam-error")));
        assertEquals("offline", PrinterReasons.primary(List.of("offline-report")));
        assertEquals("paused", PrinterReasons.primary(List.of("paused")));
    }

    @Test
    void nothingWorthNaming() {
        assertNull(PrinterReasons.primary(List.of("none")));
        assertNull(PrinterReasons.primary(List.of()));
    }

    @Test
    void jobReasonsKeepTheirWholeKeyword() {
        assertEquals("document-format-error", PrinterReasons.jobFailure(List.of("aborted-by-system",
                "document-format-error")));
        assertEquals("job-canceled-at-device", PrinterReasons.jobFailure(List.of("job-canceled-at-device")));
        assertNull(PrinterReasons.jobFailure(List.of("none", "job-printing")));
    }
}
