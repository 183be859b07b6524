package org.printhub.device.command.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One run of a program: its standard input fed from a document by a thread of its own, its merged output drained
 * by another into a bounded tail, and the whole bounded in time. The calling thread only waits, so a cancel (an
 * interrupt) ends it at once whatever the program does: the program and every process it started are killed,
 * which also frees the feeding thread from a pipe the program no longer reads.
 */
final class ProgramRun {
    private static final int TAIL_BYTES = 2048;
    private static final Duration GRACE = Duration.ofSeconds(2);

    /**
     * How a run ended. {@code fed} counts the document bytes the program took; {@code stoppedReading} whether it
     * closed its input before taking them all; {@code feedFailure} is the feeder's own failure (the document could
     * not be read), in which case the program was killed rather than left to print part of it.
     */
    record Outcome(int exitCode, String outputTail, long fed, boolean stoppedReading, IOException feedFailure) {
    }

    /** Writes the document to the program's input; returns the bytes written. */
    interface Feeder {
        long feed(OutputStream stdin) throws IOException, InterruptedException;
    }

    private ProgramRun() {
    }

    /**
     * @throws IOException when the program cannot be started (not found, not executable)
     * @throws InterruptedException when interrupted; the program has then been killed
     * @throws TimedOut when the program did not end in time; it has then been killed
     */
    static Outcome run(ProcessBuilder builder, Feeder feeder, Duration timeout)
            throws IOException, InterruptedException, TimedOut {
        Process process = builder.redirectErrorStream(true).start();
        Stdin stdin = new Stdin(process.getOutputStream());
        IOException[] feedFailure = new IOException[1];
        Thread feeding = new Thread(() -> {
            try {
                feeder.feed(stdin);
                stdin.close(); // only now: an end of input is what tells the program the document is whole
            } catch (PipeClosed e) {
                stdin.stoppedReading = true; // the program exited or closed its input: its exit code tells the rest
            } catch (IOException e) {
                feedFailure[0] = e;
                kill(process); // before its input ends, so it cannot take part of a document for all of it
            } catch (InterruptedException e) {
                kill(process);
            }
        }, "printhub-command-stdin-" + process.pid());
        StringBuilder tail = new StringBuilder();
        Thread draining = new Thread(() -> drain(process.getInputStream(), tail), "printhub-command-out-" + process.pid());
        feeding.setDaemon(true);
        draining.setDaemon(true);
        feeding.start();
        draining.start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
                throw new TimedOut("did not finish in " + timeout.toSeconds() + " s and was killed");
            }
        } catch (InterruptedException e) {
            kill(process);
            throw e;
        } finally {
            // bounded: a daemonised grandchild may keep the output pipe open; the threads end with it
            feeding.join(GRACE.toMillis());
            draining.join(GRACE.toMillis());
        }
        synchronized (tail) {
            return new Outcome(process.exitValue(), tail.toString().strip(), stdin.written, stdin.stoppedReading,
                    feedFailure[0]);
        }
    }

    private static void drain(InputStream out, StringBuilder tail) {
        byte[] buffer = new byte[4096];
        try (out) {
            for (int n = out.read(buffer); n >= 0; n = out.read(buffer)) {
                synchronized (tail) {
                    tail.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                    if (tail.length() > TAIL_BYTES) {
                        tail.delete(0, tail.length() - TAIL_BYTES);
                    }
                }
            }
        } catch (IOException e) {
            // the process was killed or closed its output: the tail so far is what there is
        }
    }

    /** Ends the program and all it started: politely, then, after a grace period, not. */
    static void kill(Process process) {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(process.toHandle());
        all.addAll(process.descendants().toList()); // taken first: once the program is gone they are no longer its
        all.forEach(ProcessHandle::destroy); // the program first, so it cannot go on when a child of it ends
        long deadline = System.nanoTime() + GRACE.toNanos();
        for (ProcessHandle p : all) {
            try {
                p.onExit().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (Exception stillAlive) {
                p.destroyForcibly();
            }
        }
    }

    /** The program's input, counting what it took and telling a closed pipe apart from the feeder's own failures. */
    private static final class Stdin extends OutputStream {
        private final OutputStream pipe;
        volatile long written;
        volatile boolean stoppedReading;

        Stdin(OutputStream pipe) {
            this.pipe = pipe;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] { (byte) b }, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                pipe.write(b, off, len);
            } catch (IOException e) {
                throw new PipeClosed(e);
            }
            written += len;
        }

        @Override
        public void close() throws IOException {
            try {
                pipe.close();
            } catch (IOException e) {
                throw new PipeClosed(e);
            }
        }
    }

    private static final class PipeClosed extends IOException {
        private static final long serialVersionUID = 1L;

        PipeClosed(IOException cause) {
            super(cause);
        }
    }

    /** The program ran past its time. */
    static final class TimedOut extends Exception {
        private static final long serialVersionUID = 1L;

        TimedOut(String message) {
            super(message);
        }
    }
}
