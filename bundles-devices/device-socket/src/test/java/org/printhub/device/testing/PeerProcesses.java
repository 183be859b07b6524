package org.printhub.device.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the drivers' real peers (socat, lpd, cupsd, cups-lpd) need from a test: starting them with bounded waits,
 * learning their ports, and stopping a whole process tree. Shared through this module's test jar.
 */
public final class PeerProcesses {
    private PeerProcesses() {
    }

    public static void assumeInstalled(String what, String... paths) {
        for (String p : paths) {
            assumeTrue(Files.isExecutable(Path.of(p)), p + " is not installed (" + what + "): those tests are skipped");
        }
    }

    /** For daemons that cannot listen on port 0 (Debian lpd says "port # 0 is invalid", cupsd has no way to tell). */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /**
     * A directory that the daemons' unprivileged children (user lp) can reach: it and its parent, the test's
     * temporary directory, which JUnit creates for its owner only.
     */
    public static Path openDirectory(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(dir.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
        return dir;
    }

    /** Runs a command to its end within 20 s; fails the test with its output otherwise. */
    public static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(p));
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            stop(p.toHandle());
            throw new IOException(command + " did not finish in 20 s");
        }
        String out = output.join();
        if (p.exitValue() != 0) {
            throw new IOException(command + " failed (" + p.exitValue() + "): " + out);
        }
        return out;
    }

    private static String readAll(Process p) {
        try {
            return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.toString();
        }
    }

    public static void awaitListening(int port) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String hex = String.format(":%04X ", port);
        while (System.nanoTime() < deadline) {
            // looks at the listening sockets rather than connecting, which a peer would take for a job
            for (String line : Files.readAllLines(Path.of("/proc/net/tcp"))) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 3 && (f[1] + " ").endsWith(hex) && f[3].equals("0A")) {
                    return;
                }
            }
            Thread.sleep(50);
        }
        throw new IOException("nothing listens on port " + port + " after 10 s");
    }

    /** Starts socat with {@code -d -d} and returns it once its log names the port it listens on. */
    public static Process socat(ProcessBuilder builder, int[] port) throws IOException {
        Pattern listening = Pattern.compile("listening on AF=\\d+ [^ ]*:(\\d+)");
        Process process = builder.redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        CompletableFuture<Integer> bound = new CompletableFuture<>();
        Thread log = new Thread(() -> {
            try (BufferedReader err = new BufferedReader(
                    new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line = err.readLine(); line != null; line = err.readLine()) {
                    Matcher m = listening.matcher(line);
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
            port[0] = bound.get(10, TimeUnit.SECONDS);
            return process;
        } catch (Exception e) {
            stop(process.toHandle());
            throw new IOException("socat did not start listening", e);
        }
    }

    /**
     * Kills a process and everything it started, and waits (bounded) until they are gone. The tree is looked at
     * again until the process is dead, so a child forked while it was being stopped is not left behind.
     */
    public static void stop(ProcessHandle process) {
        java.util.Set<ProcessHandle> all = new java.util.LinkedHashSet<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        do {
            List<ProcessHandle> seen = new java.util.ArrayList<>(process.descendants().toList());
            seen.add(process);
            seen.forEach(ProcessHandle::destroy);
            all.addAll(seen);
            pause();
        } while (process.isAlive() && System.nanoTime() < deadline);
        for (ProcessHandle p : all) {
            while (p.isAlive() && System.nanoTime() < deadline) {
                pause();
            }
            p.destroyForcibly();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
