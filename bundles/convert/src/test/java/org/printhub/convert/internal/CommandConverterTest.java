package org.printhub.convert.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.printhub.job.JobTicket;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CommandConverterTest {
    @TempDir
    Path dir;

    private static CommandConverter converter(String command, int timeoutSeconds) {
        Map<String, Object> values = Map.of("converter_from", "application/pdf", "converter_to",
                "application/postscript", "command", command, "timeoutSeconds", timeoutSeconds);
        ConverterConfig config = (ConverterConfig) Proxy.newProxyInstance(ConverterConfig.class.getClassLoader(),
                new Class<?>[] { ConverterConfig.class }, (proxy, method, args) -> values.get(method.getName()));
        return new CommandConverter(config);
    }

    private static byte[] convert(CommandConverter c, byte[] document) throws IOException {
        try (InputStream out = c.convert(new ByteArrayInputStream(document), "doc", JobTicket.defaults())) {
            return out.readAllBytes();
        }
    }

    @Test
    void aDocumentStreamsThroughTheProgramUnchangedInSize() throws Exception {
        byte[] document = new byte[5 << 20];
        new Random(3).nextBytes(document);
        assertArrayEquals(document, convert(converter("cat", 30), document));
    }

    @Test
    void ghostscriptTurnsAPdfIntoPostScript() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/gs")), "ghostscript is not installed");
        Path pdf = dir.resolve("doc.pdf");
        Process make = new ProcessBuilder("gs", "-q", "-dNOPAUSE", "-dBATCH", "-sDEVICE=pdfwrite",
                "-sOutputFile=" + pdf, "-c", "/Helvetica findfont 20 scalefont setfont 72 700 moveto (Hello) show showpage")
                .redirectErrorStream(true).start();
        assertTrue(make.waitFor(30, TimeUnit.SECONDS));
        CommandConverter gs = converter("gs -q -dSAFER -dBATCH -dNOPAUSE -sDEVICE=ps2write -sOutputFile=- -", 60);
        String ps = new String(convert(gs, Files.readAllBytes(pdf)), StandardCharsets.ISO_8859_1);
        assertTrue(ps.startsWith("%!PS-Adobe-3.0"), ps.substring(0, Math.min(40, ps.length())));
        assertTrue(ps.contains("%%Pages: 1"), "one page");

        IOException bad = assertThrows(IOException.class,
                () -> convert(gs, "this is not a PDF".getBytes(StandardCharsets.US_ASCII)));
        assertTrue(bad.getMessage().startsWith("gs exited with status 1"), bad.getMessage());
    }

    @Test
    void aFailingProgramSaysWhyWithItsLastErrorLine() {
        IOException e = assertThrows(IOException.class,
                () -> convert(converter("sh -c exit_3", 10), new byte[] { 1 }));
        assertTrue(e.getMessage().startsWith("sh exited with status 127"), e.getMessage());
        assertTrue(e.getMessage().contains("exit_3"), e.getMessage());
        IOException missing = assertThrows(IOException.class,
                () -> convert(converter("/no/such/converter -x", 10), new byte[] { 1 }));
        assertTrue(missing.getMessage().startsWith("cannot run /no/such/converter"), missing.getMessage());
    }

    @Test
    void aProgramThatTakesTooLongIsStopped() {
        long start = System.nanoTime();
        IOException e = assertThrows(IOException.class, () -> convert(converter("sleep 30", 1), new byte[] { 1 }));
        assertTrue(e.getMessage().contains("took longer than 1 s"), e.getMessage());
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(15), "stopped, not waited for");
    }

    @Test
    void aProgramThatNeedsOnlyPartOfItsInputIsNotAnError() throws Exception {
        byte[] document = new byte[4 << 20];
        assertEquals(10, convert(converter("head -c 10", 10), document).length);
    }

    @Test
    void aReaderThatGivesUpEarlyStopsTheProgram() throws Exception {
        CommandConverter c = converter("cat", 30);
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 'x';
            }
        };
        InputStream out = c.convert(endless, "endless", JobTicket.defaults());
        assertEquals(100, out.readNBytes(100).length);
        out.close();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (ProcessHandle.current().descendants().anyMatch(p -> p.info().command().orElse("").endsWith("cat"))) {
            assertTrue(System.nanoTime() < end, "cat was not stopped");
            Thread.sleep(20);
        }
    }

    @Test
    void aDocumentThatBreaksOffFailsTheConversionEvenIfTheProgramLikedIt() {
        InputStream broken = new InputStream() {
            private int left = 100_000;

            @Override
            public int read() throws IOException {
                if (left <= 0) {
                    throw new IOException("upload broke off");
                }
                left--;
                return 'x';
            }
        };
        IOException e = assertThrows(IOException.class, () -> {
            try (InputStream out = converter("cat", 10).convert(broken, "broken", JobTicket.defaults())) {
                out.readAllBytes();
            }
        });
        assertEquals("upload broke off", e.getMessage());
    }

    @Test
    void aConfigurationWithoutACommandIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> converter("   ", 10));
        assertThrows(IllegalArgumentException.class, () -> converter("cat", 0));
    }
}
