package org.printhub.api.octoprint.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventHandler;
import org.printhub.device.DeviceReadings;
import org.printhub.job.Job;
import org.printhub.job.JobEvents;
import org.printhub.job.JobState;
import org.printhub.job.JobStateReasons;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.Gson;

/**
 * The push side of one instance: follows the core's job events and the driver's readings for its device (Event
 * Admin, never the store on a timer), turns them into OctoPrint's {@code event} messages, and sends a
 * {@code current} message to each authenticated client at most every push interval (times the client's throttle)
 * while something changed. Heartbeats go out every 25 seconds.
 */
final class PushHub implements EventHandler {
    private static final Logger LOG = LoggerFactory.getLogger(PushHub.class);
    static final long HEARTBEAT_SECONDS = 25;

    private final OctoStatus status;
    private final OctoAccounts accounts;
    private final String version;
    private final Gson gson;
    private final long intervalMillis;
    private final Set<PushSession> sessions = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean dirty = new AtomicBoolean(true);
    private final ScheduledExecutorService timer;
    private final Runnable onInterruptedJob;
    private final java.util.function.Consumer<Job> onDeviceError;

    PushHub(OctoStatus status, OctoAccounts accounts, String version, Gson gson, long intervalMillis,
            ScheduledExecutorService timer, Runnable onInterruptedJob, java.util.function.Consumer<Job> onDeviceError) {
        this.status = status;
        this.accounts = accounts;
        this.version = version;
        this.gson = gson;
        this.intervalMillis = Math.max(50, intervalMillis);
        this.timer = timer;
        this.onInterruptedJob = onInterruptedJob;
        this.onDeviceError = onDeviceError;
        long tick = Math.max(50, this.intervalMillis / 2);
        timer.scheduleWithFixedDelay(this::pushCurrent, tick, tick, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(this::heartbeat, HEARTBEAT_SECONDS, HEARTBEAT_SECONDS, TimeUnit.SECONDS);
    }

    PushSession newSession(boolean sockJs) {
        return new PushSession(sockJs, this, gson);
    }

    int sessionCount() {
        return sessions.size();
    }

    void opened(PushSession s) {
        sessions.add(s);
        Map<String, Object> connected = new LinkedHashMap<>();
        connected.put("version", version);
        connected.put("display_version", version);
        connected.put("branch", "");
        connected.put("plugin_hash", "printhub");
        connected.put("config_hash", "printhub");
        connected.put("debug", false);
        connected.put("safe_mode", false);
        connected.put("online", true);
        connected.put("permissions", List.of());
        s.send("connected", connected);
    }

    void closed(PushSession s) {
        sessions.remove(s);
    }

    /** {@code user:session} or {@code user:apikey}; the user if it checks out. */
    String authenticate(String user, String secret) {
        Optional<String> bySession = accounts.session(secret).filter(user::equals);
        if (bySession.isPresent()) {
            return bySession.get();
        }
        return accounts.userByKey(secret).filter(user::equals).orElse(null);
    }

    void authenticated(PushSession s) {
        timer.execute(() -> {
            try {
                Map<String, Object> history = data(status.snapshot(), true);
                s.send("history", history);
                s.lastCurrentMillis = System.currentTimeMillis();
            } catch (RuntimeException e) {
                LOG.warn("OctoPrint push: history failed: {}", e.toString());
            }
        });
    }

    /**
     * Events of the instance's device, and job events of every OctoPrint file (a file moved to another device leaves
     * this instance's files; its event names the other device).
     */
    @Override
    public void handleEvent(Event event) {
        String topic = event.getTopic();
        if (topic.startsWith(DeviceReadings.TOPIC_PREFIX)) {
            if (status.readings().accept(event)) {
                dirty.set(true);
            }
            return;
        }
        if (!(event.getProperty(JobEvents.JOB) instanceof Job job)) {
            // a device event: added, removed, paused, resumed or its printer state changed
            status.printerChanged();
            dirty.set(true);
            return;
        }
        FileCatalog files = status.files();
        boolean ours = files.deviceId().equals(job.deviceId());
        if (ours && JobEvents.JOB_STATE_CHANGED.equals(topic)) {
            // the job the device prints follows job states (of any surface's jobs)
            status.printerChanged();
        }
        if (!FileCatalog.ORIGIN.equals(job.origin())) {
            if (ours) {
                dirty.set(true);
            }
            return;
        }
        if (JobEvents.JOB_DELETED.equals(topic)) {
            files.removed(job.id());
            dirty.set(true);
            return;
        }
        if (JobEvents.JOB_SUBMITTED.equals(topic)) {
            files.submitted(job);
        } else {
            files.apply(job);
        }
        if (!ours) {
            return;
        }
        dirty.set(true);
        status.observed(job);
        if (JobEvents.JOB_STATE_CHANGED.equals(topic)) {
            jobEvent(job, String.valueOf(event.getProperty(JobEvents.JOB_PREVIOUS_STATE)));
        }
    }

    /** Jobs this surface cancelled because a device error stopped them: they failed, nobody cancelled them. */
    private final Set<Long> failedOnError = ConcurrentHashMap.newKeySet();

    private void jobEvent(Job job, String previous) {
        if (job.state() == JobState.STOPPED && !job.hasReason(JobStateReasons.JOB_SUSPENDED)
                && FileCatalog.FILE.equals(job.project().orElse(""))) {
            // OctoPrint never prints a file again by itself; the core would retry it from the first line
            failedOnError.add(job.id());
            status.readings().failed(job.stateMessage());
            onDeviceError.accept(job);
            return;
        }
        if (job.state() == JobState.CANCELED && failedOnError.remove(job.id())) {
            Map<String, Object> payload = filePayload(job);
            payload.put("time", job.processingAt().map(s -> (double) java.time.Duration.between(s,
                    job.completedAt().orElse(java.time.Instant.now())).toSeconds()).orElse(0.0));
            payload.put("reason", "error");
            payload.put("error", status.readings().linkError());
            event("Error", Map.of("error", status.readings().linkError()));
            event("PrintFailed", payload);
            status.stopped(job.id());
            return;
        }
        if (job.state() != JobState.PROCESSING && job.state() != JobState.STOPPED) {
            status.stopped(job.id());
        }
        if (job.state() == JobState.PENDING
                && (JobState.PROCESSING.keyword().equals(previous) || JobState.STOPPED.keyword().equals(previous))) {
            onInterruptedJob.run();
        }
        String type = switch (job.state()) {
        case PROCESSING -> JobState.STOPPED.keyword().equals(previous) ? "PrintResumed" : "PrintStarted";
        case STOPPED -> job.hasReason(JobStateReasons.JOB_SUSPENDED) ? "PrintPaused" : null;
        case COMPLETED -> "PrintDone";
        case CANCELED -> JobState.HELD.keyword().equals(previous) ? null : "PrintCancelled";
        case ABORTED -> "PrintFailed";
        default -> null;
        };
        if (type == null) {
            return;
        }
        Map<String, Object> payload = filePayload(job);
        if (type.equals("PrintDone") || type.equals("PrintFailed") || type.equals("PrintCancelled")) {
            payload.put("time", job.processingAt().map(s -> (double) java.time.Duration.between(s,
                    job.completedAt().orElse(java.time.Instant.now())).toSeconds()).orElse(0.0));
        }
        if (type.equals("PrintFailed")) {
            payload.put("reason", "error");
            payload.put("error", job.stateMessage());
        }
        if (type.equals("PrintCancelled") || type.equals("PrintFailed")) {
            // OctoPrint reports a cancelled print as failed too
            if (type.equals("PrintCancelled")) {
                event("PrintCancelled", payload);
                Map<String, Object> failed = new LinkedHashMap<>(payload);
                failed.put("reason", "cancelled");
                event("PrintFailed", failed);
                return;
            }
        }
        event(type, payload);
    }

    static Map<String, Object> filePayload(Job job) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("name", FilePaths.name(job.name()));
        p.put("path", job.name());
        p.put("origin", "local");
        p.put("size", job.size());
        p.put("owner", job.owner());
        p.put("user", job.owner());
        return p;
    }

    /** Whether a client would receive an {@code event} message now (when none would, callers need not build one). */
    boolean listening() {
        for (PushSession s : sessions) {
            if (s.authenticated()) {
                return true;
            }
        }
        return false;
    }

    /** Sends an {@code event} message to every authenticated client. */
    void event(String type, Map<String, Object> payload) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("type", type);
        e.put("payload", payload);
        for (PushSession s : sessions) {
            if (s.authenticated()) {
                s.send("event", e);
            }
        }
        dirty.set(true);
    }

    private void pushCurrent() {
        try {
            long now = System.currentTimeMillis();
            List<PushSession> due = new ArrayList<>();
            for (PushSession s : sessions) {
                if (s.authenticated() && now - s.lastCurrentMillis >= intervalMillis * s.throttle()) {
                    due.add(s);
                }
            }
            if (due.isEmpty() || !dirty.getAndSet(false)) {
                return;
            }
            Map<String, Object> current = data(status.snapshot(), false);
            for (PushSession s : due) {
                s.send("current", current);
                // from when it went out: building the message may take a while, the client's throttle is between sends
                s.lastCurrentMillis = System.currentTimeMillis();
            }
        } catch (RuntimeException e) {
            LOG.warn("OctoPrint push: current failed: {}", e.toString());
        }
    }

    private void heartbeat() {
        for (PushSession s : sessions) {
            s.heartbeat();
        }
    }

    void closeAll() {
        for (PushSession s : sessions) {
            s.close();
        }
        sessions.clear();
    }

    private Map<String, Object> data(OctoStatus.Snapshot snap, boolean history) {
        Readings r = status.readings();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("state", status.state(snap.state()));
        d.put("job", status.job(snap.selected()));
        d.put("progress", status.progress(snap.selected()));
        d.put("currentZ", null);
        d.put("offsets", Map.of());
        d.put("resends", Map.of("count", 0, "transmitted", 0, "ratio", 0));
        d.put("temps", history ? r.temperatureHistory(300) : r.drainTemperatures());
        d.put("logs", history ? r.logHistory() : r.drainLines());
        d.put("messages", List.of());
        d.put("busyFiles", snap.state().active() && snap.selected().isPresent()
                ? List.of(Map.of("origin", "local", "path", snap.selected().get().name()))
                : List.of());
        d.put("serverTime", System.currentTimeMillis() / 1000.0);
        return d;
    }
}
