package org.printhub.api.scriptx.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
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
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.printhub.api.scriptx.internal.ScriptxJobs.Area;

import com.google.gson.GsonBuilder;
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

    private static Set<String> tokens(Intake intake) {
        return intake.found().records().stream().map(IntakeRecord::token).collect(Collectors.toSet());
    }

    private static List<Path> segments(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().matches("journal-[0-9a-f]{16}\\.log")).sorted()
                    .toList();
        }
    }

    private static Set<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    @Test
    void aRecordReadsBackAsWrittenAndAfterARestart(@TempDir Path dir) throws Exception {
        String content = "<!DOCTYPE html><p class=\"x\">Grüße & <b>\"quotes\"</b>\n\u2603</p>";
        IntakeRecord written = html(token(1), content, "session=abc");
        try (Intake intake = new Intake(dir, LIMIT)) {
            assertEquals(List.of(), intake.found().records());
            intake.write(written);
            assertEquals(written, intake.read(token(1), Area.HTML));
            assertThrows(Intake.DamagedRecordException.class, () -> intake.read(token(1), Area.PDF));
        }
        // HTML is kept as it is, not escaped: a record is about the size of its request
        String journal = Files.readString(segments(dir).get(0), StandardCharsets.ISO_8859_1);
        String utf8 = new String(journal.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        assertTrue(utf8.contains("<p class=\\\"x\\\">Grüße & <b>"), utf8);
        try (Intake again = new Intake(dir, LIMIT)) {
            assertEquals(List.of(written), again.found().records());
            assertEquals(written, again.read(token(1), Area.HTML));
        }
        // each start appends to a new segment; the one prepared ahead and never used is removed at close
        assertEquals(2, segments(dir).size(), segments(dir).toString());
        assertEquals(Intake.DEFAULT_SEGMENT_BYTES, Files.size(segments(dir).get(1)));
    }

    @Test
    void theJournalAndItsDirectoryAreOwnerOnly(@TempDir Path dir) throws Exception {
        try (Intake intake = new Intake(dir.resolve("intake"), LIMIT)) {
            intake.write(html(token(2), "<p>x</p>", "secret=1"));
        }
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("intake"))));
        for (Path segment : segments(dir.resolve("intake"))) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(segment)));
        }
    }

    @Test
    void aRemovedRecordIsGoneAndAnEndedOneReplacesItsRecord(@TempDir Path dir) throws Exception {
        Instant at = Instant.ofEpochMilli(1_700_000_100_000L);
        IntakeRecord ended = IntakeRecord.ended(token(4), Area.HTML, false, null, StatusTable.ABANDONED, "cancelled",
                at);
        try (Intake intake = new Intake(dir, LIMIT)) {
            intake.write(html(token(3), "<p>three</p>", "c=3"));
            intake.write(html(token(4), "<p>four</p>", "c=4"));
            intake.remove(token(3), Area.HTML);
            intake.write(ended); // applied in order: once this write returns, so has the removal
            assertThrows(NoSuchFileException.class, () -> intake.read(token(3), Area.HTML));
            assertEquals(ended, intake.read(token(4), Area.HTML));
        }
        try (Intake again = new Intake(dir, LIMIT)) {
            IntakeRecord found = again.found().records().get(0);
            assertEquals(List.of(ended), again.found().records());
            assertTrue(found.isEnded());
            assertEquals(StatusTable.ABANDONED, found.endedStatus());
            assertEquals("cancelled", found.endedMessage());
            assertEquals(at, found.ended());
            assertNull(found.content());
            assertNull(found.cookie());
            assertThrows(NoSuchFileException.class, () -> again.read(token(3), Area.HTML));
        }
    }

    @Test
    void aTornTailIsIgnoredWithALogLineAndTheJournalGoesOn(@TempDir Path dir) throws Exception {
        try (Intake intake = new Intake(dir, LIMIT)) {
            intake.write(html(token(5), "<p>kept</p>", null));
            intake.write(html(token(6), "<p>kept too</p>", null));
            intake.write(html(token(7), "<p>torn by the crash</p>", null));
        }
        // the last append was cut short by a crash (power loss: its force had not returned, it was never answered):
        // the tail of its frame never reached the disk, where the segment's preallocated zeros still are
        Path segment = segments(dir).get(0);
        byte[] bytes = Files.readAllBytes(segment);
        int cut = new String(bytes, StandardCharsets.ISO_8859_1).indexOf("torn by the crash");
        java.util.Arrays.fill(bytes, cut, bytes.length, (byte) 0);
        Files.write(segment, bytes);
        String log = stderrOf(() -> {
            try (Intake intake = new Intake(dir, LIMIT)) {
                assertEquals(Set.of(token(5), token(6)), tokens(intake));
                assertEquals("<p>kept too</p>", intake.read(token(6), Area.HTML).content());
                intake.write(html(token(8), "<p>after the crash</p>", null));
            }
        });
        assertTrue(log.contains(segment + ": the "), log);
        assertTrue(log.contains("are ignored: a frame's checksum does not match"), log);
        try (Intake intake = new Intake(dir, LIMIT)) {
            assertEquals(Set.of(token(5), token(6), token(8)), tokens(intake));
            assertEquals("<p>after the crash</p>", intake.read(token(8), Area.HTML).content());
        }
    }

    @Test
    void aChangedFrameIsNotTrusted(@TempDir Path dir) throws Exception {
        try (Intake intake = new Intake(dir, LIMIT)) {
            intake.write(html(token(9), "<p>first</p>", null));
            intake.write(html(token(10), "<p>changed</p>", null));
        }
        Path segment = segments(dir).get(0);
        byte[] bytes = Files.readAllBytes(segment);
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int at = text.indexOf("changed");
        bytes[at + 4] = 'G';
        Files.write(segment, bytes);
        Files.writeString(dir.resolve("journal-0000000000000000.log"), "not a journal at all");
        String log = stderrOf(() -> {
            try (Intake intake = new Intake(dir, LIMIT)) {
                assertEquals(Set.of(token(9)), tokens(intake));
            }
        });
        assertTrue(log.contains("checksum does not match"), log);
        assertTrue(log.contains("no frame starts there"), log);
    }

    @Test
    void recordsOfTheOneFilePerJobFormatMoveIntoTheJournal(@TempDir Path dir) throws Exception {
        IntakeRecord kept = html(token(11), "<p>written before the journal</p>", "c=11");
        writeLegacy(dir.resolve(token(11) + ".html"), kept);
        writeLegacy(dir.resolve(token(12) + ".html"), html(token(12), "<p>torn</p>", null));
        Path torn = dir.resolve(token(12) + ".html");
        try (FileChannel ch = FileChannel.open(torn, StandardOpenOption.WRITE)) {
            ch.truncate(Files.size(torn) - 10);
        }
        writeLegacy(dir.resolve(token(13) + ".pdf"), html(token(14), "<p>another job's</p>", null));
        Files.writeString(dir.resolve("notes.txt"), "not a record");
        Files.writeString(dir.resolve(token(15) + ".html.tmp"), "scriptx-intake 1 0000");

        String log = stderrOf(() -> {
            try (Intake intake = new Intake(dir, LIMIT)) {
                assertEquals(List.of(kept), intake.found().records());
                assertEquals(Set.of(new Intake.Damaged(token(12), Area.HTML), new Intake.Damaged(token(13), Area.PDF)),
                        Set.copyOf(intake.found().damaged()));
                assertEquals(kept, intake.read(token(11), Area.HTML));
            }
        });
        assertTrue(log.contains(token(12) + ".html is ignored"), log);
        assertTrue(log.contains("the record names another job"), log);
        assertTrue(log.contains("notes.txt is ignored"), log);
        assertTrue(log.contains("whose write was cut short"), log);
        Set<String> left = names(dir);
        assertTrue(left.containsAll(Set.of(token(12) + ".html.damaged", token(13) + ".pdf.damaged",
                "notes.txt.damaged")), left.toString());
        assertFalse(left.contains(token(11) + ".html"), "moved into the journal: " + left);
        // set aside once, moved once: the next start finds the record in the journal and logs nothing again
        String second = stderrOf(() -> {
            try (Intake intake = new Intake(dir, LIMIT)) {
                assertEquals(List.of(kept), intake.found().records());
                assertTrue(intake.found().damaged().isEmpty());
            }
        });
        assertFalse(second.contains("is ignored"), second);
    }

    @Test
    void aRecordOverTheLimitIsRefusedAndNothingStays(@TempDir Path dir) throws Exception {
        try (Intake intake = new Intake(dir, 64 * 1024)) {
            Exception e = assertThrows(IOException.class,
                    () -> intake.write(html(token(16), "x".repeat(70 * 1024), null)));
            assertTrue(e.getMessage().contains("larger than the 65536 bytes"), e.getMessage());
            intake.write(html(token(17), "<p>small</p>", null));
        }
        try (Intake intake = new Intake(dir, 64 * 1024)) {
            assertEquals(Set.of(token(17)), tokens(intake));
        }
    }

    @Test
    void largeRecordsAreStreamedAndAFailedOneLeavesNoTrace(@TempDir Path dir) throws Exception {
        long limit = 2L << 20;
        String large = "<p>" + "y".repeat(600 * 1024) + "</p>";
        try (Intake intake = new Intake(dir, limit)) {
            intake.write(html(token(18), "<p>before</p>", null));
            intake.write(html(token(19), large, null)); // over the inline size: the writer streams it
            Exception e = assertThrows(IOException.class,
                    () -> intake.write(html(token(20), "z".repeat(3 << 20), null)));
            assertTrue(e.getMessage().contains("larger than the"), e.getMessage());
            intake.write(html(token(21), "<p>after</p>", null));
            assertEquals(large, intake.read(token(19), Area.HTML).content());
        }
        String log = stderrOf(() -> {
            try (Intake intake = new Intake(dir, limit)) {
                assertEquals(Set.of(token(18), token(19), token(21)), tokens(intake));
                assertEquals(large, intake.read(token(19), Area.HTML).content());
            }
        });
        assertFalse(log.contains("ignored"), "the refused record was taken back, nothing is torn: " + log);
    }

    @Test
    void concurrentAppendsAllLandAndShareForces(@TempDir Path dir) throws Exception {
        int writers = 32;
        int records = 640;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        long forces;
        try (Intake intake = new Intake(dir, LIMIT, 64 * 1024)) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < records; i++) {
                int n = 1000 + i;
                done.add(pool.submit(() -> {
                    start.await();
                    intake.write(html(token(n), "<p>job " + n + "</p>", null));
                    // every record is readable once written, from whichever segment holds it now
                    assertEquals("<p>job " + n + "</p>", intake.read(token(n), Area.HTML).content());
                    if (n % 2 == 0) {
                        intake.remove(token(n), Area.HTML);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
            forces = intake.batchForces();
        } finally {
            pool.shutdown();
        }
        assertTrue(forces < records, "one force covers several appends: " + forces + " forces for " + records);
        try (Intake intake = new Intake(dir, LIMIT)) {
            Set<String> expected = new HashSet<>();
            for (int i = 0; i < records; i += 2) {
                expected.add(token(1000 + i + 1));
            }
            assertEquals(expected, tokens(intake));
            assertTrue(intake.found().damaged().isEmpty());
            assertEquals("<p>job 1151</p>", intake.read(token(1151), Area.HTML).content());
        }
    }

    @Test
    void compactionDropsDeadSegmentsAndCarriesLongLivedRecordsForward(@TempDir Path dir) throws Exception {
        long segmentBytes = 8 * 1024;
        IntakeRecord longLived = html(token(30), "<p>waits for a long fetch</p>", "kept=1");
        try (Intake intake = new Intake(dir, LIMIT, segmentBytes)) {
            intake.write(longLived);
            intake.write(html(token(31), "<p>ends in error</p>", "c=31"));
            for (int i = 0; i < 400; i++) {
                String t = token(100 + i);
                intake.write(html(t, "<p>job " + i + " " + "x".repeat(200) + "</p>", "c=" + i));
                if (i == 20) {
                    intake.write(IntakeRecord.ended(token(31), Area.HTML, false, null, StatusTable.ITEM_ERROR,
                            "the URL did not answer", Instant.ofEpochMilli(1_700_000_200_000L)));
                }
                if (i == 300) {
                    intake.forget(token(31), Area.HTML); // its retention is over
                }
                if (i > 0) {
                    intake.remove(token(100 + i - 1), Area.HTML); // the core took the one before
                }
            }
            // the journal holds the live records and at most a few segments of dead ones, not all 400 jobs
            long bytes = 0;
            for (Path s : segments(dir)) {
                bytes += Files.size(s);
            }
            assertTrue(bytes < 6 * segmentBytes, bytes + " bytes in " + segments(dir));
            assertEquals(longLived, intake.read(token(30), Area.HTML));
            // the first segments, which held the long-lived record and the content of the ended one, are gone
            assertFalse(Files.exists(dir.resolve("journal-0000000000000001.log")));
        }
        try (Intake intake = new Intake(dir, LIMIT, segmentBytes)) {
            assertEquals(Set.of(token(30), token(100 + 399)), tokens(intake));
            assertEquals(longLived, intake.read(token(30), Area.HTML));
        }
        // the cookie and content of jobs that reached the core or ended are no longer on disk
        StringBuilder all = new StringBuilder();
        for (Path s : segments(dir)) {
            all.append(Files.readString(s, StandardCharsets.ISO_8859_1));
        }
        assertFalse(all.toString().contains("c=0\""), "an early job's cookie is still on disk");
        assertFalse(all.toString().contains("c=31"), "the ended job's cookie is still on disk");
        assertTrue(all.toString().contains("kept=1"), "the long-lived job's cookie is needed after a restart");
    }

    /** A record as the one-file-per-job intake wrote it: a header line with length and CRC-32C, then JSON. */
    private static void writeLegacy(Path file, IntakeRecord record) throws IOException {
        byte[] json = new GsonBuilder().disableHtmlEscaping().create().toJson(record.toJson())
                .getBytes(StandardCharsets.UTF_8);
        CRC32C crc = new CRC32C();
        crc.update(json);
        byte[] header = String.format(Locale.ROOT, "scriptx-intake 1 %016x %08x\n", json.length, crc.getValue())
                .getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(header);
        out.write(json);
        Files.write(file, out.toByteArray());
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
