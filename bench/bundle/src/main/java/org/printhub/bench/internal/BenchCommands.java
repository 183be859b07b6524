package org.printhub.bench.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.printhub.job.DocumentSource;
import org.printhub.job.JobQuery;
import org.printhub.job.JobService;
import org.printhub.job.JobState;
import org.printhub.job.JobSubmission;
import org.printhub.job.PrinterService;
import org.printhub.job.PrinterStatus;

/**
 * Benchmark commands, run inside the server by bench/run.sh over the console. Each returns one line of
 * {@code key=value} figures. Not part of any Printhub distribution.
 */
@Component(service = BenchCommands.class, property = { "osgi.command.scope=bench",
        "osgi.command.function=submit", "osgi.command.function=fsync", "osgi.command.function=pause",
        "osgi.command.function=jobs" })
public final class BenchCommands {
    static final long DEFAULT_MAX_SECONDS = 60;

    private final JobService jobs;
    private final PrinterService printers;

    @Activate
    public BenchCommands(@Reference JobService jobs, @Reference PrinterService printers) {
        this.jobs = jobs;
        this.printers = printers;
    }

    @Descriptor("submit <count> jobs of one <bytes>-byte document each on <threads> threads through JobService.submit")
    public String submit(@Descriptor("device id") String device, @Descriptor("jobs") int count,
            @Descriptor("threads") int threads, @Descriptor("document size") int bytes) throws InterruptedException {
        return submit(device, count, threads, bytes, DEFAULT_MAX_SECONDS);
    }

    @Descriptor("as submit, stopping after <maxSeconds> even if fewer jobs were submitted")
    public String submit(@Descriptor("device id") String device, @Descriptor("jobs") int count,
            @Descriptor("threads") int threads, @Descriptor("document size") int bytes,
            @Descriptor("time limit") long maxSeconds) throws InterruptedException {
        byte[] document = content(bytes);
        Load.Result r = Load.run(count, threads, maxSeconds * 1000, i -> jobs.submit(JobSubmission.to(device)
                .owner("bench").origin("bench")
                .document(DocumentSource.of("bench-" + i + ".bin", "application/octet-stream",
                        new ByteArrayInputStream(document)))
                .build()));
        return r.line("submit", threads, bytes);
    }

    @Descriptor("the durable-write ceiling: create <count> new <bytes>-byte files in <dir> on <threads> threads, "
            + "each written, forced (FileChannel.force(true)) and its directory forced")
    public String fsync(@Descriptor("directory") String dir, @Descriptor("files") int count,
            @Descriptor("threads") int threads, @Descriptor("file size") int bytes) throws Exception {
        return fsync(dir, count, threads, bytes, DEFAULT_MAX_SECONDS);
    }

    @Descriptor("as fsync, stopping after <maxSeconds> even if fewer files were written")
    public String fsync(@Descriptor("directory") String dir, @Descriptor("files") int count,
            @Descriptor("threads") int threads, @Descriptor("file size") int bytes,
            @Descriptor("time limit") long maxSeconds) throws Exception {
        return durableWrites(Path.of(dir), count, threads, bytes, maxSeconds * 1000).line("fsync", threads, bytes);
    }

    static Load.Result durableWrites(Path dir, int count, int threads, int bytes, long maxMillis) throws Exception {
        Files.createDirectories(dir);
        byte[] content = content(bytes);
        String prefix = "f" + Long.toHexString(System.nanoTime()) + "-";
        return Load.run(count, threads, maxMillis, i -> {
            try (FileChannel out = FileChannel.open(dir.resolve(prefix + i), StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                ByteBuffer b = ByteBuffer.wrap(content);
                while (b.hasRemaining()) {
                    out.write(b);
                }
                out.force(true);
            }
            forceDirectory(dir);
        });
    }

    private static void forceDirectory(Path dir) throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    @Descriptor("pause a device (PrinterService.pause), so that submitted jobs stay pending")
    public String pause(@Descriptor("device id") String device) {
        PrinterStatus s = printers.pause(device);
        return "pause device=" + s.id() + " paused=" + s.paused() + " present=" + s.present();
    }

    @Descriptor("count a device's jobs by state")
    public String jobs(@Descriptor("device id") String device) {
        StringBuilder line = new StringBuilder("jobs device=").append(device);
        for (JobState state : JobState.values()) {
            long n = jobs.query(JobQuery.builder().deviceId(device).state(state).limit(1).build()).total();
            line.append(' ').append(state.keyword()).append('=').append(n);
        }
        return line.toString();
    }

    private static byte[] content(int bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("a document needs at least one byte");
        }
        byte[] b = new byte[bytes];
        new Random(bytes).nextBytes(b);
        return b;
    }
}
