package org.printhub.device.gcode.internal;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Marlin printer's serial console, for the driver's tests: it checks line numbers and checksums as Marlin does
 * (asking for lines again with {@code Resend:}), answers {@code ok}, reports temperatures (M105, M155
 * auto-report, M109 heating) and positions (M114), and can be told to misbehave at a given line number: ask for
 * it again, garble it in transit, stay busy, fall silent, drop the link, restart. It serves a pty end (opened as
 * a file) or TCP connections on 127.0.0.1, one at a time.
 */
final class MarlinSimulator implements Closeable {
    private static final Pattern NUMBERED = Pattern.compile("^N(-?\\d+)\\s*(.*?)(?:\\*(\\d+))?$");
    private static final Pattern WORD = Pattern.compile("([A-Z])\\s*(-?\\d*\\.?\\d+)");

    /** Every command the printer took (acted on), in order, as sent without line number and checksum. */
    private final List<String> executed = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final List<Long> rejected = new ArrayList<>();
    private String positionReport;
    private ServerSocket server;
    private volatile Closeable current;
    private volatile boolean closed;
    private int connections;

    // faults, each at a line number (-1: none)
    volatile long resendAt = -1;
    volatile long corruptAt = -1;
    volatile long busyAt = -1;
    volatile long busyMillis;
    volatile long silentFrom = -1;
    volatile long disconnectAt = -1;
    volatile long resetAt = -1;
    volatile long haltAt = -1;
    /** How long a new connection's printer boots (deaf, as an Arduino resets when its port opens) before "start". */
    volatile long bootMillis;
    /** What dropping the link means besides closing this end: on a pty, socat going away (a USB cable pulled). */
    volatile Runnable onDisconnect = () -> { };
    /** How long each move takes, as a real printer's planner would hold the host back. */
    volatile long millisPerMove;
    /** Whether M155 works; without it the printer says "Unknown command" and the driver must poll M105. */
    volatile boolean autoReport = true;

    /** Serves TCP connections on an ephemeral loopback port, one after the other. */
    static MarlinSimulator listening() throws IOException {
        MarlinSimulator sim = new MarlinSimulator();
        sim.server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        sim.start("sim-accept", () -> {
            while (!sim.closed) {
                try (Socket socket = sim.server.accept()) {
                    sim.current = socket;
                    sim.serve(socket.getInputStream(), socket.getOutputStream());
                } catch (IOException e) {
                    // the connection (or the server) closed: take the next one
                }
            }
        });
        return sim;
    }

    /** Serves the pty end at {@code path}: reads and writes it as a file, as a printer's firmware would. */
    static MarlinSimulator onPty(java.nio.file.Path path, long bootMillis) throws IOException {
        MarlinSimulator sim = new MarlinSimulator();
        sim.bootMillis = bootMillis; // before it serves: the boot starts when the simulator opens its end
        InputStream in = new java.io.FileInputStream(path.toFile());
        OutputStream out = new java.io.FileOutputStream(path.toFile());
        sim.current = () -> {
            in.close();
            out.close();
        };
        sim.start("sim-pty", () -> {
            try {
                sim.serve(in, out);
            } catch (IOException e) {
                // the pty went away
            }
        });
        return sim;
    }

    int port() {
        return server.getLocalPort();
    }

    private void start(String name, Runnable work) {
        Thread t = new Thread(work, name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    /** One connection's state, as a freshly booted printer has it. */
    private final class Console {
        final OutputStream out;
        long lastLine;
        double toolTarget;
        double tool = 21.5;
        double bedTarget;
        double bed = 21.0;
        final double[] position = new double[4];
        boolean relative;
        boolean relativeE;
        volatile boolean silent;
        Thread reporter;

        Console(OutputStream out) {
            this.out = out;
        }

        synchronized void say(String line) throws IOException {
            if (silent) {
                return;
            }
            out.write((line + "\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        String temperatures() {
            tool += (toolTarget - tool) * 0.5;
            bed += (bedTarget - bed) * 0.5;
            return String.format(Locale.ROOT, "T:%.2f /%.2f B:%.2f /%.2f @:0 B@:0", tool, toolTarget, bed, bedTarget);
        }
    }

    private void serve(InputStream input, OutputStream output) throws IOException {
        synchronized (this) {
            connections++;
        }
        Console console = new Console(output);
        InputStream in = new BufferedInputStream(input);
        long booted = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(bootMillis);
        if (bootMillis == 0) {
            console.say("start");
            console.say("echo:Marlin 2.1.2.4 (simulated)");
        } else {
            Thread boot = new Thread(() -> {
                sleep(bootMillis);
                try {
                    console.say("start");
                    console.say("echo:Marlin 2.1.2.4 (simulated)");
                } catch (IOException e) {
                    // gone before it booted
                }
            }, "sim-boot");
            boot.setDaemon(true);
            boot.start();
        }
        try {
            StringBuilder line = new StringBuilder();
            int b;
            while ((b = in.read()) >= 0 && !closed) {
                if (b == '\n' && System.nanoTime() - booted < 0) {
                    line.setLength(0); // still booting: the line is lost
                } else if (b == '\n') {
                    if (!handle(console, line.toString().strip())) {
                        return;
                    }
                    line.setLength(0);
                } else if (b != '\r') {
                    line.append((char) b);
                }
            }
        } finally {
            if (console.reporter != null) {
                console.reporter.interrupt();
            }
        }
    }

    /** @return false once the link is to be dropped */
    private boolean handle(Console c, String raw) throws IOException {
        if (raw.isEmpty()) {
            return true;
        }
        Matcher m = NUMBERED.matcher(raw);
        String command = raw;
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            String numbered = raw;
            if (n == corruptAt) {
                corruptAt = -1;
                numbered = raw.replaceFirst(" ", "  X"); // a byte flipped on the wire: the checksum no longer fits
            }
            int star = numbered.lastIndexOf('*');
            if (star < 0) {
                return reject(c, "No Checksum with line number");
            }
            int sum = 0;
            for (int i = 0; i < star; i++) {
                sum ^= numbered.charAt(i) & 0xff;
            }
            if (sum != Integer.parseInt(numbered.substring(star + 1))) {
                return reject(c, "checksum mismatch");
            }
            command = m.group(2).strip();
            if (command.startsWith("M110")) {
                Matcher word = Pattern.compile("N(\\d+)").matcher(command.substring(4));
                c.lastLine = word.find() ? Long.parseLong(word.group(1)) : n;
            } else if (n != c.lastLine + 1) {
                return reject(c, "Line Number is not Last Line Number+1");
            } else if (n == resendAt) {
                resendAt = -1;
                return reject(c, "Line Number is not Last Line Number+1"); // as if the line had been lost
            } else {
                c.lastLine = n;
            }
            if (n == silentFrom) {
                c.silent = true;
            }
            if (n == disconnectAt) {
                record(command);
                disconnectAt = -1;
                current.close();
                onDisconnect.run();
                return false;
            }
            if (n == resetAt) {
                resetAt = -1;
                c.lastLine = 0;
                c.say("start");
                c.say("echo:Marlin 2.1.2.4 (simulated)");
                return true;
            }
            if (n == haltAt) {
                c.say("Error:Printer halted. kill() called!");
                c.silent = true; // a halted Marlin takes no more commands until it is reset
                return true;
            }
            if (n == busyAt) {
                long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(busyMillis);
                while (System.nanoTime() < end) {
                    c.say("echo:busy: processing");
                    sleep(Math.min(1000, busyMillis));
                }
            }
        }
        record(command);
        execute(c, command);
        return true;
    }

    private boolean reject(Console c, String error) throws IOException {
        synchronized (this) {
            rejected.add(c.lastLine + 1);
        }
        c.say("Error:" + error + ", Last Line: " + c.lastLine);
        c.say("Resend: " + (c.lastLine + 1));
        c.say("ok");
        return true;
    }

    private void execute(Console c, String command) throws IOException {
        String[] parts = command.toUpperCase(Locale.ROOT).split("\\s+", 2);
        String code = parts[0];
        String args = parts.length > 1 ? parts[1] : "";
        switch (code) {
            case "M105" -> {
                c.say("ok " + c.temperatures());
                return;
            }
            case "M155" -> {
                if (!autoReport) {
                    c.say("echo:Unknown command: \"" + command + "\"");
                    break;
                }
                long seconds = (long) value(args, 'S', 0);
                if (c.reporter != null) {
                    c.reporter.interrupt();
                }
                if (seconds > 0) {
                    c.reporter = new Thread(() -> {
                        try {
                            while (true) {
                                Thread.sleep(seconds * 1000);
                                c.say(" " + c.temperatures());
                            }
                        } catch (InterruptedException | IOException e) {
                            // the connection ended or the report was turned off
                        }
                    }, "sim-autoreport");
                    c.reporter.setDaemon(true);
                    c.reporter.start();
                }
            }
            case "M104" -> c.toolTarget = value(args, 'S', c.toolTarget);
            case "M140" -> c.bedTarget = value(args, 'S', c.bedTarget);
            case "M109", "M190" -> {
                if (code.equals("M109")) {
                    c.toolTarget = value(args, 'S', c.toolTarget);
                } else {
                    c.bedTarget = value(args, 'S', c.bedTarget);
                }
                for (int i = 0; i < 3; i++) {
                    c.say(" " + c.temperatures() + " W:?");
                    sleep(100);
                }
                c.tool = c.toolTarget;
                c.bed = c.bedTarget;
            }
            case "M114" -> {
                String report = String.format(Locale.ROOT, "X:%.2f Y:%.2f Z:%.2f E:%.2f",
                        c.position[0], c.position[1], c.position[2], c.position[3]);
                synchronized (this) {
                    positionReport = report;
                }
                c.say(report + " Count X:0 Y:0 Z:0");
            }
            case "G90" -> c.relative = false;
            case "G91" -> c.relative = true;
            case "M82" -> c.relativeE = false;
            case "M83" -> c.relativeE = true;
            case "G28" -> {
                boolean all = !args.contains("X") && !args.contains("Y") && !args.contains("Z");
                for (int axis = 0; axis < 3; axis++) {
                    if (all || args.contains("XYZ".substring(axis, axis + 1))) {
                        c.position[axis] = 0;
                    }
                }
            }
            case "G92" -> {
                for (int axis = 0; axis < 4; axis++) {
                    c.position[axis] = value(args, "XYZE".charAt(axis), c.position[axis]);
                }
            }
            case "G0", "G1" -> {
                if (millisPerMove > 0) {
                    sleep(millisPerMove);
                }
                for (int axis = 0; axis < 4; axis++) {
                    char letter = "XYZE".charAt(axis);
                    double v = value(args, letter, Double.NaN);
                    if (!Double.isNaN(v)) {
                        boolean rel = axis == 3 ? c.relative || c.relativeE : c.relative;
                        c.position[axis] = rel ? c.position[axis] + v : v;
                    }
                }
            }
            default -> {
                // every other command is taken as done
            }
        }
        c.say("ok");
    }

    private static double value(String args, char letter, double otherwise) {
        Matcher m = WORD.matcher(args);
        while (m.find()) {
            if (m.group(1).charAt(0) == letter) {
                return Double.parseDouble(m.group(2));
            }
        }
        return otherwise;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void record(String command) {
        executed.add(command);
        notifyAll();
    }

    synchronized List<String> executed() {
        return List.copyOf(executed);
    }

    /** The line numbers the printer asked for again, in order. */
    synchronized List<Long> rejected() {
        return List.copyOf(rejected);
    }

    /** The last M114 answer: {@code X:.. Y:.. Z:.. E:..}. */
    synchronized String positionReport() {
        return positionReport;
    }

    synchronized int connections() {
        return connections;
    }

    /** Waits (bounded) until the commands taken so far satisfy {@code condition}. */
    synchronized List<String> await(Predicate<List<String>> condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.test(executed)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("the printer did not get what the test waited for in " + timeout.toSeconds()
                        + " s; it got " + executed.size() + " commands, the last: "
                        + executed.subList(Math.max(0, executed.size() - 10), executed.size()));
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return List.copyOf(executed);
    }

    @Override
    public void close() throws IOException {
        closed = true;
        if (server != null) {
            server.close();
        }
        Closeable c = current;
        if (c != null) {
            c.close();
        }
        for (Thread t : threads) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
