package org.printhub.device.gcode.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.printhub.device.DeviceException;
import org.printhub.device.Interrupts;
import org.printhub.device.PrintTask;
import org.printhub.job.DocumentInfo;
import org.printhub.job.JobStateReasons;

/**
 * One job streamed to the printer line by line: comments and blank lines left out, temperatures polled when the
 * printer does not report them itself, progress by bytes and by layer, and a suspended job parked with the pause
 * script until it resumes.
 */
final class JobRun {
    private static final long STATUS_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(2);
    /** Below this share of the bytes a linear estimate of the time left says nothing. */
    private static final double ESTIMATE_FROM = 0.01;

    private final PrintTask task;
    private final PrinterSession session;
    private final Readings readings;
    private final Scripts scripts;
    private final long temperatureIntervalNanos;
    private final long jobId;
    private final long bytesTotal;
    private final long started = System.nanoTime();

    private long bytesBefore;
    private long bytesDone;
    private int layer = -1;
    private long secondsLeft = -1;
    private long linesSent;
    private long polledNanos;
    private long statusNanos;
    private String status = "";
    // the document's modes, for the resume script
    private String positioning = "G90";
    private String extrusion = "M82";
    private String feedRate;

    JobRun(PrintTask task, PrinterSession session, Readings readings, Scripts scripts, int temperatureIntervalSeconds) {
        this.task = task;
        this.session = session;
        this.readings = readings;
        this.scripts = scripts;
        this.temperatureIntervalNanos = TimeUnit.SECONDS.toNanos(temperatureIntervalSeconds);
        this.jobId = task.job().id();
        this.bytesTotal = task.documents().stream().mapToLong(DocumentInfo::size).sum();
        this.polledNanos = started - temperatureIntervalNanos;
        this.statusNanos = started - STATUS_INTERVAL_NANOS;
    }

    void run() throws DeviceException, PrinterFailure, InterruptedException {
        readings.progress(jobId, 0, bytesTotal, -1, -1, true);
        for (DocumentInfo document : task.documents()) {
            try (InputStream in = task.openDocument(document.index())) {
                stream(new GcodeReader(in, document.name()));
            } catch (PrinterFailure e) {
                throw e;
            } catch (IOException e) {
                Interrupts.rethrowIfInterrupt(e);
                throw new DeviceException(JobStateReasons.DOCUMENT_ACCESS_ERROR, "cannot read document "
                        + document.name() + " of job " + jobId + ": " + e.getMessage(), false, e);
            }
            bytesBefore += document.size();
        }
        for (String line : scripts.end().render(Map.of())) {
            session.send(line);
        }
        readings.progress(jobId, bytesTotal, bytesTotal, layer, 0, true);
        task.reportMessage("printed " + linesSent + (linesSent == 1 ? " line" : " lines")
                + (layer >= 0 ? ", " + (layer + 1) + (layer == 0 ? " layer" : " layers") : ""));
    }

    private void stream(GcodeReader reader) throws IOException, DeviceException, InterruptedException {
        String command;
        while ((command = reader.next()) != null) {
            if (task.isSuspended()) {
                pause();
            } else if (task.isCanceled()) {
                task.checkpoint();
            }
            if (!command.isEmpty()) {
                session.send(command);
                linesSent++;
                track(command);
                pollTemperatures();
            }
            bytesDone = bytesBefore + reader.consumed();
            layer = reader.layer();
            secondsLeft = estimate(reader);
            readings.progress(jobId, bytesDone, bytesTotal, layer, secondsLeft, false);
            reportStatus(false);
        }
    }

    /** Parks the head, blocks in the checkpoint while the job is suspended, and takes the head back. */
    private void pause() throws PrinterFailure, InterruptedException {
        reportStatus(true);
        session.forgetPosition();
        for (String line : scripts.pause().render(Map.of())) {
            session.send(line);
        }
        Map<String, String> values = new HashMap<>();
        session.position().ifPresent(p -> {
            values.put("x", p.x());
            values.put("y", p.y());
            values.put("z", p.z());
            values.put("e", p.e());
        });
        values.put("positioning", positioning);
        values.put("extrusion", extrusion);
        if (feedRate != null) {
            values.put("f", feedRate);
        }
        if (!values.containsKey("x")) {
            readings.logLine("Printhub: no position from M114 during the pause; the resume script will not move the head back");
        }
        readings.flush();
        session.exchange().unlock(); // while parked the timer may poll temperatures, as between jobs
        try {
            task.checkpoint();
        } finally {
            session.exchange().lock(); // bounded: the timer holds it for one M105 at most
        }
        if (!session.isOpen()) {
            throw new PrinterFailure(PrinterFailure.OFFLINE_REPORT, "the link to " + session.where()
                    + " failed while the job was paused");
        }
        for (String line : scripts.resume().render(values)) {
            session.send(line);
        }
        reportStatus(true);
    }

    /** The modes a resumed document expects back: G90/G91, M82/M83, the last feed rate. */
    private void track(String command) {
        String[] words = command.toUpperCase(Locale.ROOT).split("\\s+");
        switch (words[0]) {
            case "G90", "G91" -> positioning = words[0];
            case "M82", "M83" -> extrusion = words[0];
            case "G0", "G1", "G00", "G01" -> {
                for (int i = 1; i < words.length; i++) {
                    if (words[i].length() > 1 && words[i].charAt(0) == 'F') {
                        feedRate = words[i].substring(1);
                    }
                }
            }
            default -> {
                // no mode the resume script restores
            }
        }
    }

    /** M105 between lines when the printer has not reported temperatures itself (no M155) for two intervals. */
    private void pollTemperatures() throws PrinterFailure, InterruptedException {
        if (temperatureIntervalNanos == 0) {
            return;
        }
        long now = System.nanoTime();
        if (now - session.temperatureNanos() > 2 * temperatureIntervalNanos && now - polledNanos > temperatureIntervalNanos) {
            polledNanos = now;
            session.send("M105");
        }
    }

    /** Cura's own estimate when the document has it ({@code ;TIME:} less {@code ;TIME_ELAPSED:}), else linear by bytes. */
    private long estimate(GcodeReader reader) {
        if (reader.totalSeconds() >= 0 && reader.elapsedSeconds() >= 0) {
            return Math.max(0, Math.round(reader.totalSeconds() - reader.elapsedSeconds()));
        }
        if (bytesTotal <= 0 || bytesDone < bytesTotal * ESTIMATE_FROM) {
            return -1;
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        return Math.round(elapsed * (bytesTotal - bytesDone) / bytesDone);
    }

    private void reportStatus(boolean now) {
        long t = System.nanoTime();
        if (!now && t - statusNanos < STATUS_INTERVAL_NANOS) {
            return;
        }
        statusNanos = t;
        int percent = bytesTotal == 0 ? 0 : (int) (100 * bytesDone / bytesTotal);
        String s = (task.isSuspended() ? "paused, " : "") + (layer >= 0 ? "layer " + layer + ", " : "") + percent + " %";
        if (!s.equals(status)) {
            status = s;
            task.reportMessage(s);
        }
    }

    /** Document lines the printer has taken so far. */
    long linesSent() {
        return linesSent;
    }
}
