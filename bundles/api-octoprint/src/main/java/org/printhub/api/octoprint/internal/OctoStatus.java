package org.printhub.api.octoprint.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.printhub.job.Job;
import org.printhub.job.JobState;
import org.printhub.job.PrinterService;
import org.printhub.job.PrinterStatus;

/** The state, job and progress of one instance, as {@code /api/job}, {@code /api/printer} and the push socket show them. */
final class OctoStatus {
    private final FileCatalog files;
    private final PrinterService printers;
    private final Readings readings;
    private final Clock clock;
    /** Jobs a client cancelled that have not stopped printing yet: OctoPrint shows them as Cancelling. */
    private final Set<Long> cancelling = ConcurrentHashMap.newKeySet();
    /** When each suspended job was suspended (epoch ms), for telling Pausing from Paused. */
    private final Map<Long, Long> suspendedAt = new ConcurrentHashMap<>();
    /** How long a driver that reports progress may take to reach its stop point before the job shows as Paused. */
    static final long MAX_PAUSING_MILLIS = 10_000;

    OctoStatus(FileCatalog files, PrinterService printers, Readings readings, Clock clock) {
        this.files = files;
        this.printers = printers;
        this.readings = readings;
        this.clock = clock;
    }

    /** The device's status as last read, when, and the {@link #printerChanges} count it was read at. */
    private record PrinterReading(long changes, long atMillis, Optional<PrinterStatus> status) {
    }

    /** The longest a status read is answered from without an event saying it changed: a missed event heals by then. */
    static final long PRINTER_READING_MAX_AGE_MILLIS = 1_000;
    /** Counts the events that may change the device's status; a reading taken at an older count is read again. */
    private final AtomicLong printerChanges = new AtomicLong();
    private volatile PrinterReading printerReading;

    /**
     * The device's status, read from the core again only after an event said it may have changed, or after a second:
     * reading it queries the store for the device's current job and counts its queue, and every request and upload
     * asks for it.
     */
    Optional<PrinterStatus> printer() {
        long changes = printerChanges.get();
        long now = clock.millis();
        PrinterReading last = printerReading;
        if (last != null && last.changes() == changes && now - last.atMillis() < PRINTER_READING_MAX_AGE_MILLIS
                && now >= last.atMillis()) {
            return last.status();
        }
        Optional<PrinterStatus> status = printers.printer(files.deviceId());
        // an event during the read leaves the count ahead of this reading, so the next call reads again
        printerReading = new PrinterReading(changes, now, status);
        return status;
    }

    /** A device event, a job of the device changed state, or a command paused or resumed the device. */
    void printerChanged() {
        printerChanges.incrementAndGet();
    }

    record Snapshot(OctoState state, Optional<Job> selected) {
    }

    Snapshot snapshot() {
        Optional<PrinterStatus> printer = printer();
        Optional<Job> selected = files.selected();
        boolean cancelRequested = selected.map(j -> cancelling.contains(j.id())).orElse(false);
        boolean stopping = selected.map(this::stopping).orElse(false);
        return new Snapshot(OctoState.of(printer, selected, cancelRequested, stopping, readings.linkError()),
                selected);
    }

    /**
     * Whether a suspended job's driver is still on its way to the stop point. A driver that reports progress posts a
     * reading once it has stopped sending the job (the G-code driver flushes its readings after parking the head);
     * until a reading newer than the suspension arrives, the position shown could still move, so OctoPrint's
     * {@code Pausing} is shown, for at most {@link #MAX_PAUSING_MILLIS}. A driver that reports no progress for the
     * job gives nothing to wait for: {@code Paused} at once.
     */
    private boolean stopping(Job job) {
        Long since = suspendedAt.get(job.id());
        if (job.state() != JobState.STOPPED || since == null) {
            return false;
        }
        Readings.Progress r = readings.progress(job.id());
        return r != null && r.time() < since && clock.millis() - since < MAX_PAUSING_MILLIS;
    }

    /** Notes a job's state as seen in a command's result or an event. */
    void observed(Job job) {
        if (job.state() == JobState.STOPPED) {
            suspendedAt.putIfAbsent(job.id(), job.updatedAt().toEpochMilli());
        } else {
            suspendedAt.remove(job.id());
        }
    }

    void cancelRequested(long jobId) {
        cancelling.add(jobId);
    }

    void stopped(long jobId) {
        cancelling.remove(jobId);
    }

    Map<String, Object> state(OctoState s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("text", s.text());
        m.put("flags", s.flags());
        m.put("error", s.errorText());
        return m;
    }

    /** {@code /api/job}'s body. */
    Map<String, Object> jobBody(Snapshot snap) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("job", job(snap.selected()));
        body.put("progress", progress(snap.selected()));
        body.put("state", snap.state().text());
        if (!snap.state().errorText().isEmpty()) {
            body.put("error", snap.state().errorText());
        }
        return body;
    }

    Map<String, Object> job(Optional<Job> selected) {
        Map<String, Object> file = new LinkedHashMap<>();
        Map<String, Object> job = new LinkedHashMap<>();
        Job j = selected.orElse(null);
        file.put("name", j == null ? null : FilePaths.name(j.name()));
        file.put("path", j == null ? null : j.name());
        file.put("display", j == null ? null : FilePaths.name(j.name()));
        file.put("origin", j == null ? null : "local");
        file.put("size", j == null ? null : j.size());
        file.put("date", j == null ? null : j.createdAt().getEpochSecond());
        job.put("file", file);
        job.put("estimatedPrintTime", null);
        job.put("averagePrintTime", null);
        job.put("lastPrintTime", j == null ? null : lastPrintTime(j));
        job.put("filament", null);
        job.put("user", j == null ? null : j.owner());
        return job;
    }

    private static Object lastPrintTime(Job j) {
        if (j.state() != JobState.COMPLETED || j.processingAt().isEmpty() || j.completedAt().isEmpty()) {
            return null;
        }
        return (double) Duration.between(j.processingAt().get(), j.completedAt().get()).toSeconds();
    }

    Map<String, Object> progress(Optional<Job> selected) {
        Job j = selected.orElse(null);
        if (j == null || j.processingAt().isEmpty() && j.state() != JobState.COMPLETED) {
            return progress(null, null, null, null, null);
        }
        Readings.Progress r = readings.progress(j.id());
        double completion;
        long filepos;
        boolean ended = j.state().isTerminal() || j.state() == JobState.HELD || j.state() == JobState.PENDING;
        if (j.state() == JobState.COMPLETED) {
            completion = 100.0;
            filepos = j.size();
        } else if (r != null && r.bytesTotal() > 0 && !ended) {
            completion = 100.0 * r.bytesDone() / r.bytesTotal();
            filepos = r.bytesDone();
        } else {
            completion = 0.0;
            filepos = 0;
        }
        Instant started = j.processingAt().orElse(null);
        Instant until = j.completedAt().orElse(clock.instant());
        Long printTime = started == null ? null : Math.max(0, Duration.between(started, until).toSeconds());
        Long left = null;
        String origin = null;
        if (!ended && r != null && r.secondsLeft() != null) {
            left = r.secondsLeft();
            origin = "estimate";
        } else if (!ended && printTime != null && completion > 0) {
            left = Math.round(printTime * (100.0 - completion) / completion);
            origin = "linear";
        } else if (j.state() == JobState.COMPLETED) {
            left = 0L;
            origin = "linear";
        }
        return progress(completion, filepos, printTime, left, origin);
    }

    private static Map<String, Object> progress(Double completion, Long filepos, Long printTime, Long left,
            String origin) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("completion", completion);
        p.put("filepos", filepos);
        p.put("printTime", printTime);
        p.put("printTimeLeft", left);
        p.put("printTimeLeftOrigin", origin);
        return p;
    }

    Readings readings() {
        return readings;
    }

    FileCatalog files() {
        return files;
    }
}
