package org.printhub.device.gcode.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.printhub.device.DeviceException;

class GcodeReaderTest {

    private static GcodeReader reader(String text) {
        return new GcodeReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1)), "part.gcode");
    }

    @Test
    void takesCommentsAndBlanksOffAndCountsBytes() throws Exception {
        GcodeReader r = reader(";FLAVOR:Marlin\r\n;TIME:600\nG28 ; home\r\n\n   \t\nG1 X10 Y10\n;LAYER:0\nM117 Grüße\n;TIME_ELAPSED:12.5\nM84");
        List<String> commands = new ArrayList<>();
        String c;
        while ((c = r.next()) != null) {
            if (!c.isEmpty()) {
                commands.add(c);
            }
        }
        assertEquals(List.of("G28", "G1 X10 Y10", "M117 Grüße", "M84"), commands);
        assertEquals(0, r.layer());
        assertEquals(600, r.totalSeconds());
        assertEquals(12.5, r.elapsedSeconds());
        assertEquals(10, r.lineNumber());
        assertEquals(";FLAVOR:Marlin\r\n;TIME:600\nG28 ; home\r\n\n   \t\nG1 X10 Y10\n;LAYER:0\nM117 Grüße\n;TIME_ELAPSED:12.5\nM84"
                .getBytes(StandardCharsets.ISO_8859_1).length, r.consumed());
    }

    @Test
    void countsPrusaSlicerLayerChanges() throws Exception {
        GcodeReader r = reader("G28\n;LAYER_CHANGE\n;Z:0.2\nG1 Z0.2\n;LAYER_CHANGE\n;Z:0.4\nG1 Z0.4\n");
        while (r.next() != null) {
            // to the end
        }
        assertEquals(1, r.layer());
        assertEquals(-1, r.totalSeconds());
    }

    @Test
    void refusesWhatIsNotGcode() throws Exception {
        GcodeReader binary = reader("G28\n%PDF-1.7\n\u0000\u0001");
        binary.next();
        binary.next();
        DeviceException e = assertThrows(DeviceException.class, binary::next);
        assertEquals("document-format-error", e.reason());
        assertFalse(e.retryable());
        assertEquals("part.gcode is not G-code: byte 0x0 in line 3", e.getMessage());

        GcodeReader longLine = reader("G28\nM117 " + "x".repeat(300) + "\n");
        longLine.next();
        assertEquals("part.gcode is not G-code: line 2 is longer than 256 characters",
                assertThrows(DeviceException.class, longLine::next).getMessage());
    }

    @Test
    void aLongCommentIsNoLongLine() throws Exception {
        GcodeReader r = reader("; thumbnail " + "A".repeat(100_000) + "\nG28\n");
        assertEquals("", r.next());
        assertEquals("G28", r.next());
        assertNull(r.next());
    }

    /** 200 MB of G-code read through without ever being in memory: the stream makes its lines as it is read. */
    @Test
    void streamsADocumentOfHundredsOfMegabytes() throws Exception {
        long size = 200L << 20;
        byte[] line = "G1 X123.456 Y78.901 E0.01234 ; move\n".getBytes(StandardCharsets.US_ASCII);
        InputStream generated = new InputStream() {
            private long position;

            @Override
            public int read() {
                return position < size ? line[(int) (position++ % line.length)] : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (position >= size) {
                    return -1;
                }
                int n = (int) Math.min(len, size - position);
                for (int i = 0; i < n; i++) {
                    b[off + i] = line[(int) (position++ % line.length)];
                }
                return n;
            }
        };
        long before = usedHeap();
        GcodeReader r = new GcodeReader(generated, "big.gcode");
        long commands = 0;
        String c;
        while ((c = r.next()) != null) {
            if (!c.isEmpty()) {
                commands++;
            }
        }
        assertEquals(size, r.consumed());
        assertEquals((size + line.length - 1) / line.length, commands);
        assertFalse(usedHeap() - before > 64L << 20, "the reader kept the document in memory");
    }

    private static long usedHeap() {
        System.gc();
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
