package org.printhub.device.ipp.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CUPS' IPP Everywhere reference printer on a loopback port, keeping every document it receives ({@code -k}).
 * {@code busy}: it "prints" each job for a few seconds and answers server-error-busy meanwhile; otherwise it
 * prints instantly ({@code -c /bin/true}) but is still busy while a job is being processed.
 */
final class IppEvePrinter implements AutoCloseable {
    static final String PROGRAM = "/usr/sbin/ippeveprinter";
    static final String IPPTOOL = "/usr/bin/ipptool";

    private final Path spool;
    private final int port;
    private final PeerProcess process;

    private IppEvePrinter(Path spool, int port, PeerProcess process) {
        this.spool = spool;
        this.port = port;
        this.process = process;
    }

    static boolean available() {
        return PeerProcess.installed(PROGRAM, IPPTOOL) && PeerProcess.installed(DnsSdSandbox.PROGRAMS);
    }

    /** @param port 0 for a free one; a given port lets a test bring the "same" printer back */
    static IppEvePrinter start(DnsSdSandbox dnsSd, Path dir, boolean busy, int port)
            throws IOException, InterruptedException {
        Path spool = Files.createDirectories(dir.resolve("spool"));
        int p = port == 0 ? PeerProcess.freePort() : port;
        List<String> command = new ArrayList<>(List.of(PROGRAM, "-p", Integer.toString(p),
                "-n", "localhost", // -n 127.0.0.1 fails: "Unable to create IPv6 listener"
                "-d", spool.toString(), "-k", "-r", "off"));
        if (!busy) {
            command.addAll(List.of("-c", "/bin/true"));
        }
        command.addAll(List.of("-f", "application/pdf,image/pwg-raster,image/urf,image/jpeg,text/plain,"
                + "application/octet-stream", "-M", "Printhub tests", "-m", "IPP peer", "accept"));
        PeerProcess process = PeerProcess.start("ippeveprinter", dir.resolve("ippeveprinter.log"),
                dnsSd.environment, command);
        try {
            process.awaitPort(p, Duration.ofSeconds(15));
        } catch (RuntimeException | InterruptedException e) {
            process.close();
            throw e;
        }
        return new IppEvePrinter(spool, p, process);
    }

    int port() {
        return port;
    }

    URI uri() {
        return URI.create("ipp://127.0.0.1:" + port + "/ipp/print");
    }

    /** Documents received so far, oldest first; without the empty .prn files that {@code -c} leaves. */
    List<Path> documents() throws IOException {
        try (Stream<Path> files = Files.list(spool)) {
            return files.filter(f -> !f.getFileName().toString().endsWith(".prn"))
                    .sorted((a, b) -> Long.compare(jobId(a), jobId(b))).toList();
        }
    }

    private static long jobId(Path file) {
        String name = file.getFileName().toString();
        int dash = name.indexOf('-');
        return dash > 0 ? Long.parseLong(name.substring(0, dash)) : Long.MAX_VALUE;
    }

    /** What CUPS' own client says about the completed (and canceled, aborted) jobs: {@code ipptool -tv}. */
    String completedJobs() throws IOException, InterruptedException {
        return PeerProcess.run(Duration.ofSeconds(20), Map.of(), IPPTOOL, "-tv", uri().toString(),
                "get-completed-jobs.test");
    }

    String log() {
        return process.logText();
    }

    @Override
    public void close() {
        process.close();
    }
}
