package org.printhub.device.socket.internal;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real raw-port receiver: socat listening on 127.0.0.1, writing each connection to its own file in a directory
 * (as in the peers' start-peers.sh). Started on port 0, its bound port read from socat's own log line.
 */
final class SocatSink implements AutoCloseable {
    static final Path SOCAT = Path.of("/usr/bin/socat");
    private static final Pattern LISTENING = Pattern.compile("listening on AF=\\d+ [^ ]*:(\\d+)");

    private final Path directory;
    private final Process process;
    private final int port;

    private SocatSink(Path directory, Process process, int port) {
        this.directory = directory;
        this.process = process;
        this.port = port;
    }

    /** @param port 0 for any free port */
    static SocatSink start(Path directory, int port) throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(SOCAT), "socat is not installed (apt-get install socat): raw-port tests skipped");
        Files.createDirectories(directory);
        Process process = new ProcessBuilder(SOCAT.toString(), "-d", "-d", "-u",
                "TCP-LISTEN:" + port + ",bind=127.0.0.1,reuseaddr,fork",
                "SYSTEM:cat > " + directory + "/job-$(date +%s%N)-$$.prn")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        CompletableFuture<Integer> bound = new CompletableFuture<>();
        Thread log = new Thread(() -> {
            try (BufferedReader err = new BufferedReader(
                    new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line = err.readLine(); line != null; line = err.readLine()) {
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        bound.complete(Integer.parseInt(m.group(1)));
                    }
                }
            } catch (IOException e) {
                bound.completeExceptionally(e);
            }
            bound.completeExceptionally(new IOException("socat ended without listening"));
        }, "socat-log");
        log.setDaemon(true);
        log.start();
        try {
            return new SocatSink(directory, process, bound.get(10, TimeUnit.SECONDS));
        } catch (Exception e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new IOException("socat did not start listening", e);
        }
    }

    int port() {
        return port;
    }

    /** The files received so far, oldest first. */
    List<Path> jobs() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".prn")).sorted().toList();
        }
    }

    /** Waits (bounded) for the {@code n}th connection's file to hold {@code size} bytes, and returns its bytes. */
    byte[] awaitJob(int n, long size) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            List<Path> jobs = jobs();
            if (jobs.size() >= n && Files.size(jobs.get(n - 1)) >= size) {
                Thread.sleep(100); // let a straggling write land, so a longer file shows as such
                return Files.readAllBytes(jobs.get(n - 1));
            }
            Thread.sleep(20);
        }
        throw new AssertionError("socat received no job " + n + " of " + size + " bytes; files: " + jobs());
    }

    /** Kills the listener and every connection it serves. */
    @Override
    public void close() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
