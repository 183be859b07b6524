package org.printhub.device.lpd.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.printhub.device.testing.PeerProcesses;

/**
 * Debian's BSD lpd (package lpr) with a queue {@code accept} whose input filter keeps each job's data and the
 * filter's arguments ({@code -n user -j job name -h host}), as in the peers' start-peers.sh. lpd reads only
 * {@code /etc/printcap} and {@code /etc/hosts.lpd} and keeps its pid in {@code /run/lpd.pid}, one per machine;
 * so it runs in a mount namespace of its own, with an overlay on {@code /etc} and a private {@code /run}, and the
 * machine's files stay untouched.
 */
final class DebianLpd implements AutoCloseable {
    static final String LPD = "/usr/sbin/lpd";

    private final Path dir;
    private final int port;
    private final ProcessHandle daemon;

    private DebianLpd(Path dir, int port, ProcessHandle daemon) {
        this.dir = dir;
        this.port = port;
        this.daemon = daemon;
    }

    /** @param port 0 for a free one */
    static DebianLpd start(Path directory, int port) throws IOException, InterruptedException {
        PeerProcesses.assumeInstalled("apt-get install lpr", LPD, "/usr/bin/unshare");
        Path dir = PeerProcesses.openDirectory(directory);
        Path upper = Files.createDirectories(dir.resolve("etc"));
        Path work = Files.createDirectories(dir.resolve("etc-work"));
        Path run = Files.createDirectories(dir.resolve("run"));
        Files.deleteIfExists(run.resolve("lpd.pid"));
        Path spool = Files.createDirectories(dir.resolve("spool"));
        Path out = Files.createDirectories(dir.resolve("out"));
        PeerProcesses.run(List.of("chown", "lp:lp", spool.toString()));
        PeerProcesses.run(List.of("chmod", "2775", spool.toString()));
        PeerProcesses.run(List.of("chmod", "1777", out.toString()));
        Path filter = dir.resolve("keep-filter.sh");
        Files.writeString(filter, "#!/bin/sh\n"
                + "f=\"" + out + "/job-$(date +%s%N)-$$\"\n"
                + "cat >\"$f.tmp\"\n"
                + "echo \"$*\" >\"$f.args\"\n"
                + "mv \"$f.tmp\" \"$f.data\"\n");
        Files.setPosixFilePermissions(filter, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(upper.resolve("printcap"), "accept|Printhub test receiver:\\\n\t:lp=/dev/null:\\\n"
                + "\t:if=" + filter + ":\\\n\t:sd=" + spool + ":\\\n\t:lf=" + dir.resolve("lpd-errs") + ":\\\n"
                + "\t:mx#0:\\\n\t:sh:\n");
        Files.writeString(upper.resolve("hosts.lpd"), "localhost\n127.0.0.1\n");
        int listen = port == 0 ? PeerProcesses.freePort() : port;
        // lpd daemonizes: the shell returns once it is listening
        PeerProcesses.run(List.of("unshare", "--mount", "--propagation", "private", "sh", "-c",
                "mount -t overlay overlay -o lowerdir=/etc,upperdir=" + upper + ",workdir=" + work + " /etc"
                        + " && mount --bind " + run + " /run && exec " + LPD + " -l -b 127.0.0.1 " + listen));
        PeerProcesses.awaitListening(listen);
        long pid = Long.parseLong(Files.readString(run.resolve("lpd.pid")).trim());
        return new DebianLpd(dir, listen, ProcessHandle.of(pid).orElseThrow());
    }

    int port() {
        return port;
    }

    /** A job as the queue's filter received it. */
    record Received(byte[] data, String args) {
    }

    List<Path> jobs() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("out"))) {
            return files.filter(p -> p.toString().endsWith(".data")).sorted().toList();
        }
    }

    /** Waits (bounded) for the {@code n}th job the filter finished. */
    Received awaitJob(int n) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            List<Path> jobs = jobs();
            if (jobs.size() >= n) {
                Path data = jobs.get(n - 1);
                Path args = Path.of(data.toString().replaceAll("\\.data$", ".args"));
                return new Received(Files.readAllBytes(data), Files.readString(args, StandardCharsets.UTF_8).trim());
            }
            Thread.sleep(50);
        }
        throw new AssertionError("lpd's filter received no job " + n + "; log: " + log());
    }

    String log() throws IOException {
        Path errs = dir.resolve("lpd-errs");
        return Files.exists(errs) ? Files.readString(errs) : "(none)";
    }

    @Override
    public void close() {
        PeerProcesses.stop(daemon);
    }
}
