package org.printhub.api.cirrus.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import org.junit.jupiter.api.Test;

class FormatsTest {

    @Test
    void theTitleDecidesWhenItHasAnExtension() throws IOException {
        assertEquals(Formats.PDF, decide("Report.PDF", "%!PS-Adobe"));
        assertEquals(Formats.PCL, decide("job.pcl6", "%PDF-1.7"));
        assertEquals(Formats.TEXT, decide("notes.txt", "%PDF-1.7"));
    }

    @Test
    void otherwiseTheFirstBytes() throws IOException {
        assertEquals(Formats.PDF, decide("Test Title", "%PDF-1.7\n..."));
        assertEquals(Formats.POSTSCRIPT, decide("Test Title", "%!PS-Adobe-3.0"));
        assertEquals(Formats.PCL, decide("scan", "\u001b%-12345X@PJL"));
        assertEquals(Formats.ANY, decide("data.prn", "whatever"));
        assertEquals(Formats.ANY, decide("", ""));
    }

    @Test
    void sniffingLeavesTheStreamWhereItWas() throws IOException {
        byte[] doc = "%PDF-1.4 and the rest".getBytes(StandardCharsets.ISO_8859_1);
        BufferedInputStream in = new BufferedInputStream(new ByteArrayInputStream(doc));
        Formats.sniff(in);
        assertArrayEquals(doc, in.readAllBytes());
    }

    @Test
    void extensions() {
        assertEquals("pdf", Formats.extensionFor("Test Title", Formats.PDF));
        assertEquals("docx", Formats.extensionFor("letter.docx", Formats.ANY));
        assertEquals("", Formats.extensionFor("archive.tar/x", Formats.ANY));
        assertEquals(Set.of("any"), Formats.cirrusNames(Set.of(Formats.PDF, Formats.ANY)));
        assertEquals(Set.of("pdf", "pcl", "pcl6"), Formats.cirrusNames(Set.of(Formats.PDF, Formats.PCL)));
    }

    private static String decide(String title, String head) throws IOException {
        return Formats.decide(title, new BufferedInputStream(
                new ByteArrayInputStream(head.getBytes(StandardCharsets.ISO_8859_1))));
    }
}
