package org.printhub.device.file.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.printhub.job.DocumentInfo;
import org.printhub.job.Job;
import org.printhub.job.JobTicket;

class FileNamePatternTest {
    private static final Instant WHEN = Instant.parse("2026-11-23T19:05:07Z");

    private static Job job(String name) {
        return Job.builder().id(7).token("00112233445566778899aabbccddeeff").deviceId("office").name(name)
                .owner("Bob Smith").ticket(JobTicket.builder().copies(3).build()).createdAt(WHEN).build();
    }

    private static String expand(String pattern, String jobName, String document, String mimeType) {
        return FileNamePattern.parse(pattern).expand(job(jobName), new DocumentInfo(1, document, mimeType, 0, "00"),
                "office", WHEN);
    }

    @Test
    void expandsEveryToken() {
        assertEquals("7-2-Report.pdf", expand("{id}-{index}-{name}.{ext}", "Report", "r.pdf", "application/pdf"));
        assertEquals("00112233445566778899aabbccddeeff_Bob_Smith_office_20261123T190507Z_3_scan.png",
                expand("{token}_{owner}_{device}_{date}_{copies}_{document}.{ext}", "", "scan.PNG", "image/png"));
    }

    @ParameterizedTest
    @CsvSource({
        "application/pdf, x.bin, pdf",
        "application/pdf; version=1.7, x, pdf",
        "application/octet-stream, drawing.SVG, svg",
        "application/octet-stream, noextension, bin",
        "application/x-unknown, evil.../etc, bin",
    })
    void picksAnExtension(String mimeType, String document, String ext) {
        assertEquals("x." + ext, expand("x.{ext}", "", document, mimeType));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "../../etc/passwd | etc_passwd",
        "..\\\\..\\\\windows | windows",
        "Quarterly report (final) | Quarterly_report_(final)",
        "-rf | rf",
        "....hidden | hidden",
        "a:b*c?d<e>f\"g | a_b_c_d_e_f_g",
        "' ' | job",
        "Grüße € | Grüße",
    })
    void cleansAJobName(String name, String expected) {
        assertEquals(expected, FileNamePattern.clean(name, "job"));
    }

    @Test
    void removesControlCharacters() {
        assertEquals("a_b_c", FileNamePattern.clean("a\u0000b\nc\u202e", "job"));
    }

    @Test
    void anEmptyJobNameStillNamesAFile() {
        assertEquals("7-2-job.pdf", expand("{id}-{index}-{name}.{ext}", "", "", "application/pdf"));
    }

    @Test
    void capsTheLengthAndKeepsTheExtension() {
        String name = expand("{name}{name}{name}{owner}{token}{token}{token}.{ext}", "ü".repeat(500), "x",
                "application/pdf");

        assertTrue(name.getBytes(StandardCharsets.UTF_8).length <= FileNamePattern.MAX_BYTES, name);
        assertTrue(name.endsWith(".pdf"), name);
        String suffixed = FileNamePattern.withSuffix(name, 12345);
        assertTrue(suffixed.getBytes(StandardCharsets.UTF_8).length <= FileNamePattern.MAX_BYTES, suffixed);
        assertTrue(suffixed.endsWith("-12345.pdf"), suffixed);
    }

    @Test
    void addsASuffixBeforeTheExtension() {
        assertEquals("report-1.pdf", FileNamePattern.withSuffix("report.pdf", 1));
        assertEquals("report-2", FileNamePattern.withSuffix("report", 2));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = { "{nope}", "a/{id}", "a\\\\{id}", "{id} x", "''" })
    void refusesABadPattern(String pattern) {
        assertThrows(IllegalArgumentException.class, () -> FileNamePattern.parse(pattern));
    }
}
