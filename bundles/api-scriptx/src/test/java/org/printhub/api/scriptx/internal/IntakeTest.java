package org.printhub.api.scriptx.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.printhub.api.scriptx.internal.ScriptxJobs.Area;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

@Timeout(60)
class IntakeTest {
    private static final long LIMIT = 1 << 20;

    private static IntakeRecord html(String token, String content, String cookie) {
        JsonObject settings = JsonParser.parseString("{\"jobtitle\":\"Invoice\",\"page\":{\"units\":2}}")
                .getAsJsonObject();
        JsonObject device = JsonParser.parseString("{\"printername\":\"office\",\"copies\":2}").getAsJsonObject();
        return new IntakeRecord(token, Area.HTML, Instant.ofEpochMilli(1_700_000_000_123L), "Acme Ltd", "invoice 7",
                "office", false, null, 2, content, settings, device, cookie, null, null, null);
    }

    private static String token(int n) {
        return String.format("%032x", n);
    }

    @Test
    void aRecordReadsBackAsWritten(@TempDir Path dir) throws Exception {
        Intake intake = new Intake(dir.resolve("intake"), LIMIT);
        String content = "<!DOCTYPE html><p class=\"x\">Grüße & <b>\"quotes\"</b>\n\u2603</p>";
        IntakeRecord written = html(token(1), content, "session=abc");
        intake.write(written);
        IntakeRecord read = intake.read(token(1), Area.HTML);
        assertEquals(written, read);
        // HTML is kept as it is, not escaped: a record is about the size of its request
        String file = Files.readString(dir.resolve("intake").resolve(token(1) + ".html"), StandardCharsets.UTF_8);
        assertTrue(file.contains("<p class=\\\"x\\\">Grüße & <b>"), file);
        assertTrue(file.startsWith("scriptx-intake 1 "), file);
        assertEquals(List.of(written), intake.load().records());
    }

    @Test
    void recordsAndTheirDirectoryAreOwnerOnly(@TempDir Path dir) throws Exception {
        Intake intake = new Intake(dir.resolve("intake"), LIMIT);
        intake.write(html(token(2), "<p>x</p>", "secret=1"));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("intake"))));
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("intake").resolve(token(2) + ".html"))));
    }

    @Test
    void aRemovedRecordIsGoneAndAnEndedOneKeepsNoContent(@TempDir Path dir) throws Exception {
        Intake intake = new Intake(dir, LIMIT);
        intake.write(html(token(3), "<p>three</p>", "c=3"));
        intake.write(html(token(4), "<p>four</p>", "c=4"));
        intake.remove(token(3), Area.HTML);
        assertThrows(NoSuchFileException.class, () -> intake.read(token(3), Area.HTML));
        Instant at = Instant.ofEpochMilli(1_700_000_100_000L);
        intake.write(IntakeRecord.ended(token(4), Area.HTML, false, null, StatusTable.ABANDONED, "cancelled", at));
        IntakeRecord ended = intake.read(token(4), Area.HTML);
        assertTrue(ended.isEnded());
        assertEquals(StatusTable.ABANDONED, ended.endedStatus());
        assertEquals("cancelled", ended.endedMessage());
        assertEquals(at, ended.ended());
        assertNull(ended.content());
        assertNull(ended.cookie());
        String file = Files.readString(dir.resolve(token(4) + ".html"));
        assertFalse(file.contains("four") || file.contains("c=4"), file);
        assertEquals(List.of(ended), intake.load().records());
    }

    @Test
    void tornAndGarbageRecordsAreSetAsideWithALogLine(@TempDir Path dir) throws Exception {
        Intake intake = new Intake(dir, LIMIT);
        intake.write(html(token(5), "<p>kept</p>", null));
        intake.write(html(token(6), "<p>torn</p>", null));
        intake.write(html(token(7), "<p>changed</p>", null));
        // a write cut short after its header (no rename happens then, but a disk may lose the tail)
        Path torn = dir.resolve(token(6) + ".html");
        try (FileChannel ch = FileChannel.open(torn, StandardOpenOption.WRITE)) {
            ch.truncate(Files.size(torn) - 10);
        }
        // one byte of the content changed
        Path changed = dir.resolve(token(7) + ".html");
        String text = Files.readString(changed);
        Files.writeString(changed, text.replace("changed", "chanGed"));
        Files.writeString(dir.resolve("notes.txt"), "not a record");
        Files.writeString(dir.resolve(token(8) + ".pdf"), "{\"version\":1}");
        Files.writeString(dir.resolve(token(9) + ".html.tmp"), "scriptx-intake 1 0000");

        String log = stderrOf(() -> {
            Intake.Found found = intake.load();
            assertEquals(List.of(token(5)), found.records().stream().map(IntakeRecord::token).toList());
            assertEquals(Set.of(new Intake.Damaged(token(6), Area.HTML), new Intake.Damaged(token(7), Area.HTML),
                    new Intake.Damaged(token(8), Area.PDF)), Set.copyOf(found.damaged()));
        });
        assertTrue(log.contains(token(6) + ".html is ignored"), log);
        assertTrue(log.contains("checksum does not match"), log);
        assertTrue(log.contains("no record header"), log);
        assertTrue(log.contains("notes.txt is ignored"), log);
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(Set.of(token(5) + ".html", token(6) + ".html.damaged", token(7) + ".html.damaged",
                    token(8) + ".pdf.damaged", "notes.txt.damaged"),
                    Set.copyOf(files.map(p -> p.getFileName().toString()).toList()));
        }
        // set aside once: the next start neither reports nor logs them again
        assertTrue(intake.load().damaged().isEmpty());
    }

    @Test
    void aRecordOverTheLimitIsRefusedAndNothingStays(@TempDir Path dir) throws Exception {
        Intake intake = new Intake(dir, 64 * 1024);
        Exception e = assertThrows(java.io.IOException.class,
                () -> intake.write(html(token(10), "x".repeat(70 * 1024), null)));
        assertTrue(e.getMessage().contains("larger than the 65536 bytes"), e.getMessage());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(0, files.count());
        }
        // a file over the limit is not read into memory: it is not trusted
        new Intake(dir, LIMIT).write(html(token(11), "y".repeat(70 * 1024), null));
        Intake.Found found = intake.load();
        assertEquals(List.of(new Intake.Damaged(token(11), Area.HTML)), found.damaged());
    }

    @Test
    void concurrentWritersAllLand(@TempDir Path dir) throws Exception {
        Intake intake = new Intake(dir, LIMIT);
        ExecutorService pool = Executors.newFixedThreadPool(32);
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < 320; i++) {
            int n = 100 + i;
            done.add(pool.submit(() -> {
                intake.write(html(token(n), "<p>job " + n + "</p>", null));
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        Intake.Found found = intake.load();
        assertEquals(320, found.records().size());
        assertTrue(found.damaged().isEmpty());
        assertEquals("<p>job 150</p>", intake.read(token(150), Area.HTML).content());
    }

    /** What {@code body} writes to the standard error, where slf4j-simple logs. */
    private static String stderrOf(ThrowingRunnable body) throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            body.run();
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }
}
