import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What forcing the store's journal costs, one append of a job record (400 bytes) and one force at a time, as the
 * syncer and a completion force do, idle and while other threads do what the spool does (create a small file, write
 * it, fsync it, fsync its directory, delete an older one):
 * <ul>
 * <li>{@code append+fsync}: the file grows with every append, forced with FileDescriptor.sync() (the journal before);
 * <li>{@code prealloc+fsync}: appends overwrite zeros written and forced up front, FileDescriptor.sync();
 * <li>{@code prealloc+fdatasync}: the same, forced with FileChannel.force(false) on a second descriptor;
 * <li>{@code append+fdatasync}: the file grows, FileChannel.force(false).
 * </ul>
 * Usage: {@code java bundles/store/bench/JournalForceCost.java <directory on the disk to measure> [forces per pass]
 * [load threads]
 * [spool|unforced] [pause in ms before each append]}. Prints the mean, median, 99th percentile and maximum of each force in milliseconds.
 */
public class JournalForceCost {
    private static final int RECORD = 400;
    private static final long PREALLOCATED = 8L << 20;
    /** Between one force and the next append: forces a few milliseconds apart each see a new file time. */
    private static int pauseMillis;

    public static void main(String[] args) throws Exception {
        Path dir = Files.createDirectories(Path.of(args[0]));
        int forces = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int loadThreads = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        boolean forcedLoad = args.length <= 3 || !args[3].equals("unforced");
        pauseMillis = args.length > 4 ? Integer.parseInt(args[4]) : 0;
        System.out.printf("kernel %s, %d forces per pass, record %d bytes, %d ms between forces%n",
                System.getProperty("os.version"), forces, RECORD, pauseMillis);
        for (int round = 1; round <= 3; round++) {
            for (boolean loaded : new boolean[] { false, true }) {
                AtomicBoolean stop = new AtomicBoolean();
                AtomicLong files = new AtomicLong();
                Thread[] load = new Thread[loaded ? loadThreads : 0];
                for (int t = 0; t < load.length; t++) {
                    Path loadDir = Files.createDirectories(dir.resolve("load-" + t));
                    load[t] = new Thread(() -> spoolLike(loadDir, forcedLoad, stop, files));
                    load[t].start();
                }
                long started = System.nanoTime();
                String label = "round " + round + (loaded ? ", " + loadThreads + (forcedLoad ? " spool-like" : " unforced")
                        + " thread(s)" : ", idle");
                measure(label, "append+fsync", dir, forces, false, false);
                measure(label, "prealloc+fsync", dir, forces, true, false);
                measure(label, "prealloc+fdatasync", dir, forces, true, true);
                measure(label, "append+fdatasync", dir, forces, false, true);
                stop.set(true);
                for (Thread t : load) {
                    t.join();
                }
                if (loaded) {
                    System.out.printf("  (load: %.0f spool-like files/s)%n",
                            files.get() / ((System.nanoTime() - started) / 1e9));
                }
            }
        }
    }

    private static void measure(String label, String mode, Path dir, int forces, boolean preallocate,
            boolean datasync) throws IOException {
        Path f = dir.resolve("journal.log");
        Files.deleteIfExists(f);
        String prepared = "";
        if (preallocate) {
            long t0 = System.nanoTime();
            try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                java.nio.ByteBuffer zeros = java.nio.ByteBuffer.allocate(1 << 20);
                for (long p = 0; p < PREALLOCATED; p += zeros.capacity()) {
                    zeros.clear();
                    while (zeros.hasRemaining()) {
                        ch.write(zeros, p + zeros.position());
                    }
                }
                ch.force(true);
            }
            prepared = String.format("  (8 MiB of zeros written and forced in %.1f ms)", (System.nanoTime() - t0) / 1e6);
        }
        FileChannel.open(dir, StandardOpenOption.READ).force(true);
        byte[] record = new byte[RECORD];
        Arrays.fill(record, (byte) 'x');
        long[] nanos = new long[forces];
        try (RandomAccessFile out = new RandomAccessFile(f.toFile(), "rw");
                FileChannel forcer = FileChannel.open(f, StandardOpenOption.WRITE)) {
            for (int i = 0; i < forces; i++) {
                if (pauseMillis > 0) {
                    try {
                        Thread.sleep(pauseMillis);
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }
                out.write(record);
                long t = System.nanoTime();
                if (datasync) {
                    forcer.force(false);
                } else {
                    out.getFD().sync();
                }
                nanos[i] = System.nanoTime() - t;
            }
        }
        Files.delete(f);
        Arrays.sort(nanos);
        double mean = Arrays.stream(nanos).average().orElse(0) / 1e6;
        System.out.printf("%-40s %-20s mean %6.3f  p50 %6.3f  p99 %7.3f  max %7.3f ms%s%n", label, mode, mean,
                nanos[forces / 2] / 1e6, nanos[(int) (forces * 0.99)] / 1e6, nanos[forces - 1] / 1e6, prepared);
    }

    /**
     * What the spool does per document: a new file written and forced, its directory forced, an old one deleted; or,
     * unforced, the same without the forces (a build, an unpacked archive: metadata the next journal commit writes).
     */
    private static void spoolLike(Path dir, boolean forced, AtomicBoolean stop, AtomicLong files) {
        byte[] document = new byte[4096];
        Arrays.fill(document, (byte) 'd');
        try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
            for (long n = 0; !stop.get(); n++) {
                File file = dir.resolve("doc-" + n).toFile();
                try (FileOutputStream out = new FileOutputStream(file)) {
                    out.write(document);
                    if (forced) {
                        out.getFD().sync();
                    }
                }
                if (forced) {
                    directory.force(true);
                }
                Files.deleteIfExists(dir.resolve("doc-" + (n - 64)));
                files.incrementAndGet();
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
