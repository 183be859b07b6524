package org.printhub.store.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.printhub.job.store.SpooledDocument;

/**
 * Durable inserts per second of 1 KiB jobs (spool + insert), with 1 and 4 threads; not a test. Run with the
 * test class path: {@code java -cp ... org.printhub.store.internal.StoreThroughput [seconds] [dir]}.
 */
public final class StoreThroughput {
    private static final byte[] DOCUMENT = new byte[1024];

    private StoreThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        Path dir = args.length > 1 ? Files.createDirectories(Path.of(args[1]))
                : Files.createTempDirectory("printhub-throughput");
        try {
            // the journal (the default) against forcing H2 for every group commit, in alternating rounds
            JdbcJobStore journal = Fixtures.open(TestConfig.in(Files.createDirectories(dir.resolve("journal"))));
            JdbcJobStore database = Fixtures.open(TestConfig.in(Files.createDirectories(dir.resolve("database")))
                    .journal(false));
            try {
                // C2 needs some 20 s of this load before H2's hot paths are compiled (more on a busy machine)
                run(journal, 4, 10, "warm-up journal");
                run(database, 4, 10, "warm-up database");
                for (int round = 1; round <= 3; round++) {
                    System.out.printf("round %d: raw create+write+fsync of a 1 KiB file: %.2f ms%n", round,
                            rawFsyncMillis(dir.resolve("raw")));
                    for (int threads : new int[] {1, 4}) {
                        run(journal, threads, seconds, "journal");
                        run(database, threads, seconds, "database");
                    }
                }
            } finally {
                journal.close();
                database.close();
            }
            System.out.printf("database %,d bytes, spool %,d files%n", size(dir), count(dir));
        } finally {
            if (args.length < 2) {
                delete(dir);
            }
        }
    }

    private static void run(JdbcJobStore store, int threads, int seconds, String label) throws Exception {
        GroupCommitWriter writer = store.writer();
        long batchesBefore = writer.batches();
        long insertsBefore = writer.inserts();
        long forcesBefore = writer.forces();
        long cpuBefore = processCpuNanos();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Long>> counts = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            counts.add(pool.submit(() -> {
                long n = 0;
                while (!stop.get()) {
                    SpooledDocument doc = store.spool("doc.pdf", "application/pdf",
                            new ByteArrayInputStream(DOCUMENT), 1 << 20);
                    store.insert(Fixtures.draft("bench").build(), List.of(doc));
                    n++;
                }
                return n;
            }));
        }
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        long total = 0;
        for (Future<Long> c : counts) {
            total += c.get();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        double cpuMillis = (processCpuNanos() - cpuBefore) / 1e6;
        pool.shutdown();
        long batches = writer.batches() - batchesBefore;
        long inserts = writer.inserts() - insertsBefore;
        long forces = writer.forces() - forcesBefore;
        System.out.printf("%-16s %d thread(s): %,7.0f durable 1 KiB jobs/s (%,d in %.1f s; %.1f jobs per commit, "
                + "%.1f per force; %.2f ms CPU per job)%n", label, threads, total / elapsed, total, elapsed,
                (double) inserts / Math.max(1, batches), (double) inserts / Math.max(1, forces),
                cpuMillis / Math.max(1, total));
    }

    /** What the disk allows right now, as a yardstick: other tenants make it vary tenfold here. */
    private static double rawFsyncMillis(Path dir) throws IOException {
        Files.createDirectories(dir);
        int n = 200;
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            try (FileChannel c = FileChannel.open(dir.resolve("f" + i), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                c.write(ByteBuffer.wrap(DOCUMENT));
                c.force(true);
            }
        }
        double millis = (System.nanoTime() - start) / 1e6 / n;
        delete(dir);
        return millis;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static long size(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static long count(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).count();
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
