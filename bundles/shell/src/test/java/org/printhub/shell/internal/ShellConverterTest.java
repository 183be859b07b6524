package org.printhub.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import org.apache.felix.service.command.Converter;
import org.junit.jupiter.api.Test;
import org.printhub.device.DeviceInfo;
import org.printhub.http.ApiKey;
import org.printhub.http.IssuedKey;
import org.printhub.job.DocumentInfo;
import org.printhub.job.Job;
import org.printhub.job.JobState;
import org.printhub.job.JobStateReasons;
import org.printhub.job.PrinterState;
import org.printhub.job.PrinterStatus;

class ShellConverterTest {
    private final ShellConverter converter = new ShellConverter(ZoneOffset.UTC);

    private static Job held() {
        return Fakes.job(12, JobState.HELD, "office").toBuilder()
                .state(JobState.HELD, JobStateReasons.JOB_HOLD_UNTIL_SPECIFIED).stateMessage("waiting for release")
                .pageCount(3).colorPageCount(1)
                .documents(List.of(new DocumentInfo(0, "doc12.pdf", "application/pdf", 1234, "0".repeat(64)))).build();
    }

    @Test
    void jobAsLine() {
        assertEquals("    12  pending-held        office        alice          3p  2025-03-04 05:06  doc12.pdf",
                converter.format(held(), Converter.LINE, null));
        Job anonymous = Fakes.job(7, JobState.COMPLETED, "lab").toBuilder().owner("").build();
        assertEquals("     7  completed           lab           -               ?  2025-03-04 05:06  doc7.pdf",
                converter.format(anonymous, Converter.LINE, null));
    }

    @Test
    void jobAsDetail() {
        String text = converter.format(held(), Converter.INSPECT, null).toString();
        List<String> lines = text.lines().toList();
        assertEquals("job 12 'doc12.pdf'", lines.get(0));
        assertTrue(lines.contains("  state       pending-held (job-hold-until-specified)"), text);
        assertTrue(lines.contains("  message     waiting for release"), text);
        assertTrue(lines.contains("  device      office"), text);
        assertTrue(lines.contains("  documents   0:doc12.pdf (application/pdf, 1234 bytes)"), text);
        assertTrue(lines.contains("  pages       3, colour 1, printed 0"), text);
        assertTrue(lines.contains("  created     2025-03-04 05:06:07"), text);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("  ticket      copies=1 ")), text);
        assertFalse(text.contains("ended"), "empty values are left out: " + text);
        assertEquals("job 12", converter.format(held(), Converter.PART, null));
    }

    @Test
    void printerAsLineAndDetail() {
        DeviceInfo info = DeviceInfo.builder("office", "ipp").name("Office").build();
        PrinterStatus p = new PrinterStatus("office", info, true, PrinterState.PROCESSING, Set.of("paused"), "", 12, 3);
        assertEquals("office            processing  paused         queued 3     job 12      Office (ipp)",
                converter.format(p, Converter.LINE, null));
        PrinterStatus gone = new PrinterStatus("lab", null, false, PrinterState.IDLE, Set.of(), "", 0, 1);
        assertEquals("lab               idle        absent         queued 1     -           no driver registered",
                converter.format(gone, Converter.LINE, null));
        String text = converter.format(p, Converter.INSPECT, null).toString();
        assertTrue(text.startsWith("device office 'Office'\n"), text);
        assertTrue(text.contains("\n  state       processing (paused)"), text);
        assertTrue(text.contains("\n  printing    job 12"), text);
        assertTrue(text.contains("\n  driver      ipp"), text);
        assertTrue(converter.format(gone, Converter.INSPECT, null).toString().contains("present     no:"));
    }

    @Test
    void keysAsLineAndDetailAndTheSecretOnlyWhenCreated() {
        ApiKey k = new ApiKey("3fa2c1d4e5f6", "slicer", Set.of("print", "files"), Instant.parse("2025-03-04T05:06:07Z"));
        assertEquals("3fa2c1d4e5f6  slicer                    files,print           2025-03-04 05:06",
                converter.format(k, Converter.LINE, null));
        assertEquals("key 3fa2c1d4e5f6\n  name        slicer\n  scopes      files,print\n  created     2025-03-04 05:06:07",
                converter.format(k, Converter.INSPECT, null));
        IssuedKey issued = new IssuedKey(k, "S3CRET-value");
        String shown = converter.format(issued, Converter.INSPECT, null).toString();
        assertTrue(shown.contains("\n  secret      S3CRET-value\n"), shown);
        assertTrue(shown.contains("only this once"), shown);
        assertFalse(converter.format(issued, Converter.LINE, null).toString().contains("S3CRET"));
        assertFalse(converter.format(issued, Converter.PART, null).toString().contains("S3CRET"));
    }

    @Test
    void leavesOtherTypesToGogo() throws Exception {
        assertNull(converter.format("text", Converter.INSPECT, null));
        assertNull(converter.format(42, Converter.LINE, null));
        assertNull(converter.convert(Job.class, "12"));
    }
}
