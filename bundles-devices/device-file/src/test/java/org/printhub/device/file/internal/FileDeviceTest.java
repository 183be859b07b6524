package org.printhub.device.file.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.printhub.device.DeviceException;
import org.printhub.device.DeviceInfo;

class FileDeviceTest {
    private static final Map<String, Object> OFFICE = Map.of("service.pid", "org.printhub.device.file~office");

    @TempDir
    Path data;

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    private FileDevice device(TestConfig config) {
        return new FileDevice(config, OFFICE, data);
    }

    private Path out() {
        return data.resolve("output/office");
    }

    private Set<String> files() throws IOException {
        try (Stream<Path> list = Files.list(out())) {
            return list.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = { 0, 1, 65_535, 65_536, 1_048_583, 8 * 1024 * 1024 + 123 })
    void writesTheBytesUnchanged(int size) throws Exception {
        byte[] content = TestTask.randomBytes(size, size);
        TestTask task = new TestTask().document("q3.pdf", "application/pdf", content);

        device(new TestConfig()).print(task);

        assertArrayEquals(content, Files.readAllBytes(out().resolve("42-1-Quarterly_report.pdf")));
        assertEquals(Set.of("42-1-Quarterly_report.pdf"), files());
        assertTrue(task.checkpoints >= 1 + size / (1024 * 1024), "a checkpoint per MiB and per document");
    }

    @Test
    void reportsWhereItWrote() throws Exception {
        TestTask task = new TestTask().document("q3.pdf", "application/pdf", new byte[1234]).pageCount(3);

        device(new TestConfig()).print(task);

        assertEquals("wrote 1234 bytes to " + out().resolve("42-1-Quarterly_report.pdf"), task.lastMessage());
        assertEquals(List.of(3), task.pages);
    }

    @Test
    void writesEachDocumentOfAJob() throws Exception {
        TestTask task = new TestTask().document("a.txt", "text/plain", "one".getBytes())
                .document("b.ps", "application/postscript", "two".getBytes());

        device(new TestConfig().fileName("{id}-{index}-{document}.{ext}")).print(task);

        assertEquals("one", Files.readString(out().resolve("42-1-a.txt")));
        assertEquals("two", Files.readString(out().resolve("42-2-b.ps")));
        assertEquals("wrote 2 files, 6 bytes, to " + out(), task.lastMessage());
    }

    @Test
    void aJobNameCannotLeaveTheDirectory() throws Exception {
        TestTask task = new TestTask().name("../../etc/passwd").document("x", "application/pdf", new byte[10]);

        device(new TestConfig()).print(task);

        assertEquals(Set.of("42-1-etc_passwd.pdf"), files());
        try (Stream<Path> all = Files.walk(data)) {
            assertEquals(1, all.filter(Files::isRegularFile).count());
        }
    }

    @Test
    void givesAFileTheUsualPermissions() throws Exception {
        device(new TestConfig()).print(new TestTask().document("q3.pdf", "application/pdf", new byte[10]));
        Path ordinary = Files.createFile(out().resolve("ordinary"));

        assertEquals(Files.getPosixFilePermissions(ordinary),
                Files.getPosixFilePermissions(out().resolve("42-1-Quarterly_report.pdf")));
    }

    @Test
    void neverOverwritesAFile() throws Exception {
        FileDevice device = device(new TestConfig());
        device.print(new TestTask().document("q3.pdf", "application/pdf", "first".getBytes()));
        device.print(new TestTask().document("q3.pdf", "application/pdf", "second".getBytes()));
        device.print(new TestTask().document("q3.pdf", "application/pdf", "third".getBytes()));

        assertEquals("first", Files.readString(out().resolve("42-1-Quarterly_report.pdf")));
        assertEquals("second", Files.readString(out().resolve("42-1-Quarterly_report-1.pdf")));
        assertEquals("third", Files.readString(out().resolve("42-1-Quarterly_report-2.pdf")));
        assertEquals(3, files().size());
    }

    @Test
    void aCancelMidWriteLeavesNoFile() throws Exception {
        TestTask task = new TestTask().document("big.pdf", "application/pdf", TestTask.randomBytes(5 << 20, 1));
        task.cancelAfterCheckpoints = 3;

        assertThrows(InterruptedException.class, () -> device(new TestConfig()).print(task));

        assertEquals(Set.of(), files(), "neither the file nor its temporary file");
    }

    @Test
    void anInterruptMidWriteLeavesNoFile() throws Exception {
        TestTask task = new TestTask().document("big.pdf", "application/pdf", TestTask.randomBytes(3 << 20, 2));
        task.interruptAfterBytes = 1 << 20;

        assertThrows(InterruptedException.class, () -> device(new TestConfig()).print(task));

        assertEquals(Set.of(), files());
    }

    @Test
    void aCancelBetweenDocumentsKeepsTheWholeFilesWritten() throws Exception {
        TestTask task = new TestTask().document("a", "text/plain", "one".getBytes())
                .document("b", "text/plain", "two".getBytes());
        task.cancelAfterCheckpoints = 1;

        assertThrows(InterruptedException.class, () -> device(new TestConfig()).print(task));

        assertEquals(Set.of("42-1-Quarterly_report.txt"), files());
    }

    @Test
    void anUnwritableDirectoryIsARetryableDeviceError() throws Exception {
        Files.writeString(data.resolve("not-a-directory"), "x");
        TestTask task = new TestTask().document("q3.pdf", "application/pdf", new byte[10]);

        DeviceException e = assertThrows(DeviceException.class,
                () -> device(new TestConfig().directory("not-a-directory/sub")).print(task));

        assertTrue(e.retryable());
        assertEquals("other", e.reason());
        assertTrue(e.getMessage().contains("not-a-directory"), e.getMessage());
    }

    @Test
    void anUnreadableDocumentAbortsTheJob() throws Exception {
        TestTask task = new TestTask().document("q3.pdf", "application/pdf", new byte[10]);
        task.failReading = new IOException("spool file gone");

        DeviceException e = assertThrows(DeviceException.class, () -> device(new TestConfig()).print(task));

        assertFalse(e.retryable());
        assertEquals("document-access-error", e.reason());
        assertEquals(Set.of(), files());
    }

    @Test
    void writesWhereConfigured(@TempDir Path elsewhere) throws Exception {
        TestTask task = new TestTask().document("q3.pdf", "application/pdf", new byte[10]);

        device(new TestConfig().directory(elsewhere.toString()).fileName("{token}")).print(task);

        assertTrue(Files.exists(elsewhere.resolve("0123456789abcdef0123456789abcdef")));
    }

    @Test
    void describesItself() {
        DeviceInfo info = new FileDevice(new TestConfig().name("Archive")
                .documentFormats("application/pdf, application/postscript"), Map.of("device.id", "archive"), data)
                .info();

        assertEquals("archive", info.id());
        assertEquals("file", info.driver());
        assertEquals("Archive", info.name());
        assertEquals(Set.of("application/pdf", "application/postscript"), info.documentFormats());
        assertEquals(data.resolve("output/archive").toUri().toString(), info.uri());
    }

    @Test
    void refusesABadConfiguration() {
        assertThrows(IllegalArgumentException.class, () -> device(new TestConfig().fileName("{jobid}")));
        assertThrows(IllegalArgumentException.class, () -> device(new TestConfig().fileName("../{id}")));
        assertThrows(IllegalArgumentException.class, () -> device(new TestConfig().documentFormats("pdf")));
        assertThrows(IllegalArgumentException.class,
                () -> new FileDevice(new TestConfig(), Map.of("service.pid", "x"), data));
    }
}
