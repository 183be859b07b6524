package org.printhub.device.gcode.internal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.printhub.device.gcode.link.Link;
import org.printhub.device.gcode.link.PortAddress;

/**
 * The Marlin host protocol on one open link, as OctoPrint and Pronterface speak it: {@code M110 N0} resets the
 * line numbers, every line goes out as {@code N<n> <command>*<checksum>}, one at a time, and the next goes only
 * when the printer has answered {@code ok}. {@code Resend: N} (or {@code rs N}) sends the lines from N again out
 * of a bounded history; {@code busy:} keep-alives (and temperature reports while the printer heats up) extend the
 * wait for {@code ok}. A reader thread takes every line the printer sends; one sender at a time holds
 * {@link #exchange()}.
 */
final class PrinterSession implements Closeable {
    private static final int HISTORY = 256;
    private static final int MAX_REPLY_CHARS = 1024;
    private static final int MAX_RESENDS_OF_A_LINE = 10;
    private static final long HANDSHAKE_RETRY_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final long HANDSHAKE_DRAIN_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Link link;
    private final String where;
    private final Readings readings;
    private final Duration answerTimeout;
    private final Thread reader;
    private final ReentrantLock exchange = new ReentrantLock();

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    // guarded by lock: what the reader has seen
    private int oks;
    /** Every {@code ok} while the link is opened ({@code nextLine} still 0). */
    private int handshakeOks;
    private long resendFrom = -1;
    private long keepAliveNanos;
    private boolean restarted;
    private boolean heating;
    private PrinterFailure failure;
    private MarlinReplies.Position position;
    private long temperatureNanos;
    private volatile boolean closing;

    // guarded by exchange: the sender's side
    private final String[] history = new String[HISTORY];
    private volatile long nextLine;
    private long unanswered = -1;

    private PrinterSession(Link link, Readings readings, Duration answerTimeout, String threadName) {
        this.link = link;
        this.where = link.describe();
        this.readings = readings;
        this.answerTimeout = answerTimeout;
        this.keepAliveNanos = System.nanoTime();
        this.temperatureNanos = keepAliveNanos;
        this.reader = new Thread(this::readReplies, threadName);
        this.reader.setDaemon(true);
    }

    /**
     * Opens the link and resets the printer's line numbers.
     *
     * @throws PrinterFailure when the link cannot be opened or the printer does not answer within
     *         {@code connectTimeout}
     */
    static PrinterSession open(PortAddress address, Duration connectTimeout, Duration answerTimeout,
            Readings readings, String threadName) throws PrinterFailure, InterruptedException {
        Link link;
        try {
            link = address.open(connectTimeout);
        } catch (IOException e) {
            throw new PrinterFailure(PrinterFailure.CONNECTING_TO_DEVICE, "cannot open " + address + ": " + e.getMessage(), e);
        }
        PrinterSession session = new PrinterSession(link, readings, answerTimeout, threadName);
        session.reader.start();
        session.exchange.lock();
        try {
            session.handshake(connectTimeout);
            return session;
        } catch (PrinterFailure | InterruptedException | RuntimeException e) {
            session.close();
            throw e;
        } finally {
            session.exchange.unlock();
        }
    }

    /** The sender's lock: whoever sends holds it, so a job's lines and idle temperature polls never interleave. */
    ReentrantLock exchange() {
        return exchange;
    }

    String where() {
        return where;
    }

    boolean isOpen() {
        lock.lock();
        try {
            return failure == null && !closing;
        } finally {
            lock.unlock();
        }
    }

    /**
     * An Arduino-based printer resets when its port opens and is deaf while it boots, so {@code M110 N0} goes
     * again every 2 s until the printer answers or {@code connectTimeout} passes.
     */
    private void handshake(Duration connectTimeout) throws PrinterFailure, InterruptedException {
        long deadline = System.nanoTime() + connectTimeout.toNanos();
        for (int attempts = 1; ; attempts++) {
            write(MarlinReplies.frame(0, "M110 N0"));
            if (awaitHandshake(deadline)) {
                if (attempts > 1) {
                    drainHandshake(attempts);
                }
                nextLine = 1;
                return;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new PrinterFailure(PrinterFailure.TIMED_OUT, "no answer from the printer on " + where
                        + " within " + connectTimeout.toSeconds() + " s (M110 N0 sent " + attempts
                        + (attempts == 1 ? " time" : " times") + "; is it on, and is the baud rate right?)");
            }
        }
    }

    /**
     * @return whether the printer answered {@code ok}; false to send {@code M110} again: after 2 s, or at once when
     *         the printer says {@code start} (it has just booted, and missed what came before)
     */
    private boolean awaitHandshake(long deadline) throws PrinterFailure, InterruptedException {
        lock.lock();
        try {
            long attemptEnd = Math.min(deadline, System.nanoTime() + HANDSHAKE_RETRY_NANOS);
            while (oks == 0) {
                if (failure != null) {
                    throw failure;
                }
                if (closing) {
                    throw new PrinterFailure(PrinterFailure.OFFLINE_REPORT, "the link to " + where + " was closed");
                }
                long now = System.nanoTime();
                if (restarted || now - attemptEnd >= 0) {
                    restarted = false;
                    return false;
                }
                changed.awaitNanos(attemptEnd - now);
            }
            oks = 0;
            resendFrom = -1;
            restarted = false; // the "start" it greets with when its port opens is no restart mid-job
            temperatureNanos = System.nanoTime(); // none yet: the printer has an interval to start reporting
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Each {@code M110} sent may still be answered: waits until every one has been (at most 1 s; one sent while the
     * printer booted never is) and drops those answers, so that none is taken for the answer to a later line.
     */
    private void drainHandshake(int attempts) throws InterruptedException {
        lock.lock();
        try {
            long end = System.nanoTime() + HANDSHAKE_DRAIN_NANOS;
            while (handshakeOks < attempts && failure == null && !closing) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                changed.awaitNanos(left);
            }
            oks = 0;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sends one command and waits for the printer's {@code ok}, sending lines again as it asks. The caller holds
     * {@link #exchange()}.
     *
     * @throws PrinterFailure when the link fails, the printer restarts or halts, or no {@code ok} comes within the
     *         answer timeout (keep-alives excepted)
     * @throws InterruptedException when the thread is interrupted while waiting
     */
    void send(String command) throws PrinterFailure, InterruptedException {
        if (!exchange.isHeldByCurrentThread()) {
            throw new IllegalStateException("send without holding the exchange");
        }
        long target = nextLine++;
        history[(int) (target % HISTORY)] = MarlinReplies.frame(target, command);
        boolean heatWait = isHeatWait(command);
        long current = target;
        int resends = 0;
        write(history[(int) (current % HISTORY)]);
        unanswered = current;
        while (true) {
            long asked = awaitAnswer(current, heatWait);
            unanswered = -1;
            if (asked < 0 || asked > current) {
                if (current == target) {
                    return;
                }
                current++;
            } else {
                if (asked < 1 || asked <= target - HISTORY) {
                    throw new PrinterFailure(PrinterFailure.OFFLINE_REPORT, "the printer asked for line " + asked
                            + " again, which is no longer kept (sending line " + target + ")");
                }
                if (++resends > MAX_RESENDS_OF_A_LINE) {
                    throw new PrinterFailure(PrinterFailure.OFFLINE_REPORT, "the printer asked for line " + asked
                            + " again " + MAX_RESENDS_OF_A_LINE + " times: the link garbles lines (check the cable "
                            + "and the baud rate)");
                }
                current = asked;
            }
            write(history[(int) (current % HISTORY)]);
            unanswered = current;
        }
    }

    /**
     * After a send was interrupted: waits up to {@code timeout} for the answer to the line in flight, so the next
     * command starts in step with the printer. The caller holds {@link #exchange()}.
     */
    void settle(Duration timeout) throws InterruptedException {
        lock.lock();
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (unanswered >= 0 && oks == 0 && failure == null && !closing) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                changed.awaitNanos(left);
            }
            oks = 0;
            resendFrom = -1;
            unanswered = -1;
        } finally {
            lock.unlock();
        }
    }

    /** @return the line the printer asked for again, or -1 for a plain {@code ok} */
    private long awaitAnswer(long line, boolean heatWait) throws PrinterFailure, InterruptedException {
        lock.lock();
        try {
            heating = heatWait;
            long start = System.nanoTime();
            long limit = answerTimeout.toNanos();
            while (true) {
                if (failure != null) {
                    throw failure;
                }
                if (closing) {
                    throw new PrinterFailure(PrinterFailure.OFFLINE_REPORT, "the link to " + where + " was closed");
                }
                if (restarted) {
                    throw new PrinterFailure(PrinterFailure.PRINTER_STOPPED, "the printer restarted (it said \"start\") "
                            + "after line " + line + ": what it was printing is lost");
                }
                if (oks > 0) {
                    oks--;
                    long asked = resendFrom;
                    resendFrom = -1;
                    return asked;
                }
                long since = keepAliveNanos - start > 0 ? keepAliveNanos : start; // nanoTime may be negative
                long left = since + limit - System.nanoTime();
                if (left <= 0) {
                    throw new PrinterFailure(PrinterFailure.TIMED_OUT, "printer stopped answering after line " + line
                            + " (no \"ok\" in " + answerTimeout.toSeconds() + " s)");
                }
                changed.awaitNanos(left);
            }
        } finally {
            heating = false;
            lock.unlock();
        }
    }

    private static boolean isHeatWait(String command) {
        String word = command.split("\\s", 2)[0].toUpperCase(java.util.Locale.ROOT);
        return word.equals("M109") || word.equals("M190") || word.equals("M191") || word.equals("M116");
    }

    /**
     * One line is in flight at a time, so an {@code ok} that came before this write answers an earlier line (a
     * repeated {@code M110}, a line the printer acknowledged twice): it is dropped, not taken for this one's.
     */
    private void write(String line) throws PrinterFailure {
        lock.lock();
        try {
            oks = 0;
        } finally {
            lock.unlock();
        }
        readings.sent(line);
        try {
            link.write((line + "\n").getBytes(StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            throw fail(PrinterFailure.OFFLINE_REPORT, "the link to " + where + " failed: " + e.getMessage());
        }
    }

    private void readReplies() {
        byte[] buffer = new byte[4096];
        StringBuilder line = new StringBuilder();
        while (!closing) {
            int n;
            try {
                n = link.read(buffer);
            } catch (IOException e) {
                if (!closing) {
                    fail(PrinterFailure.OFFLINE_REPORT, "the link to " + where + " failed: " + e.getMessage());
                }
                return;
            }
            if (n < 0) {
                if (!closing) {
                    fail(PrinterFailure.OFFLINE_REPORT, "the printer closed the link (" + where + ")");
                }
                return;
            }
            for (int i = 0; i < n; i++) {
                char c = (char) (buffer[i] & 0xff);
                if (c == '\n') {
                    reply(line.toString().strip());
                    line.setLength(0);
                } else if (c != '\r' && line.length() < MAX_REPLY_CHARS) {
                    line.append(c);
                }
            }
        }
    }

    private void reply(String line) {
        if (line.isEmpty()) {
            return;
        }
        readings.received(line);
        Map<String, MarlinReplies.Heater> temperatures = MarlinReplies.temperatures(line);
        Optional<MarlinReplies.Position> at = MarlinReplies.position(line);
        OptionalLong resend = MarlinReplies.resend(line);
        lock.lock();
        try {
            long now = System.nanoTime();
            if (MarlinReplies.isOk(line)) {
                oks++;
                if (nextLine == 0) {
                    handshakeOks++;
                }
            } else if (resend.isPresent()) {
                if (resendFrom < 0) {
                    resendFrom = resend.getAsLong();
                }
            } else if (MarlinReplies.isKeepAlive(line)) {
                keepAliveNanos = now;
            } else if (MarlinReplies.isStart(line)) {
                restarted = true;
            } else if (MarlinReplies.isHalt(line) && failure == null) {
                failure = new PrinterFailure(PrinterFailure.PRINTER_STOPPED, "the printer halted: " + line);
            }
            if (!temperatures.isEmpty()) {
                temperatureNanos = now;
                if (heating) {
                    keepAliveNanos = now;
                }
            }
            at.ifPresent(p -> position = p);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (!temperatures.isEmpty()) {
            readings.temperatures(temperatures);
        }
    }

    private PrinterFailure fail(String reason, String message) {
        lock.lock();
        try {
            if (failure == null) {
                failure = new PrinterFailure(reason, message);
            }
            changed.signalAll();
            return failure;
        } finally {
            lock.unlock();
        }
    }

    /** Forgets the last {@code M114} position, so that {@link #position()} gives only a newer one. */
    void forgetPosition() {
        lock.lock();
        try {
            position = null;
        } finally {
            lock.unlock();
        }
    }

    Optional<MarlinReplies.Position> position() {
        lock.lock();
        try {
            return Optional.ofNullable(position);
        } finally {
            lock.unlock();
        }
    }

    /** When the printer last reported temperatures ({@link System#nanoTime()}), or the link was opened. */
    long temperatureNanos() {
        lock.lock();
        try {
            return temperatureNanos;
        } finally {
            lock.unlock();
        }
    }

    /** Closes the link and waits briefly for the reader thread to end. */
    @Override
    public void close() {
        closing = true;
        try {
            link.close();
        } catch (IOException e) {
            // closing is all that is left to do with it
        }
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (Thread.currentThread() != reader) {
            try {
                reader.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
