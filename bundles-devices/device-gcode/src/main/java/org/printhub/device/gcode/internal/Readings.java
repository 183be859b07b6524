package org.printhub.device.gcode.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.printhub.device.DeviceReadings;

/**
 * Posts one printer's readings ({@link DeviceReadings}) through Event Admin, at most two of a kind a second:
 * temperatures and progress are throttled (the newest wins), console lines are batched until {@link #flush()}.
 */
final class Readings {
    private static final long MIN_INTERVAL_NANOS = 500_000_000L;
    /** Console lines kept between two flushes; more are counted, not kept (a fast printer talks a lot). */
    static final int MAX_LOG_LINES = 500;

    private final EventAdmin events;
    private final String deviceId;

    private final List<String> log = new ArrayList<>();
    private int logDropped;
    private Map<String, MarlinReplies.Heater> pendingTemperatures;
    private long temperaturesPosted;
    private Map<String, Object> pendingProgress;
    private long progressPosted;

    Readings(EventAdmin events, String deviceId) {
        this.events = events;
        this.deviceId = deviceId;
        temperaturesPosted = progressPosted = System.nanoTime() - MIN_INTERVAL_NANOS; // nanoTime may be negative
    }

    void sent(String line) {
        logLine("Send: " + line);
    }

    void received(String line) {
        logLine("Recv: " + line);
    }

    synchronized void logLine(String line) {
        if (log.size() < MAX_LOG_LINES) {
            log.add(line);
        } else {
            logDropped++;
        }
    }

    void temperatures(Map<String, MarlinReplies.Heater> heaters) {
        synchronized (this) {
            pendingTemperatures = heaters;
            if (System.nanoTime() - temperaturesPosted < MIN_INTERVAL_NANOS) {
                return;
            }
        }
        postTemperatures();
    }

    /**
     * @param force post now, also within the throttle interval (the first and the last of a job)
     */
    void progress(long jobId, long bytesDone, long bytesTotal, int layer, long secondsLeft, boolean force) {
        Map<String, Object> p = base();
        p.put(DeviceReadings.JOB_ID, jobId);
        p.put(DeviceReadings.BYTES_DONE, bytesDone);
        p.put(DeviceReadings.BYTES_TOTAL, bytesTotal);
        if (layer >= 0) {
            p.put(DeviceReadings.LAYER, layer);
        }
        if (secondsLeft >= 0) {
            p.put(DeviceReadings.ESTIMATED_SECONDS_LEFT, secondsLeft);
        }
        synchronized (this) {
            pendingProgress = p;
            if (!force && System.nanoTime() - progressPosted < MIN_INTERVAL_NANOS) {
                return;
            }
        }
        postProgress();
    }

    void connection(String state, String message) {
        flush();
        Map<String, Object> p = base();
        p.put(DeviceReadings.CONNECTION_STATE, state);
        p.put(DeviceReadings.MESSAGE, message);
        events.postEvent(new Event(DeviceReadings.CONNECTION, p));
    }

    /** Posts what the throttle held back, and the console lines gathered since the last flush. */
    void flush() {
        postTemperatures();
        postProgress();
        String[] lines;
        synchronized (this) {
            if (log.isEmpty() && logDropped == 0) {
                return;
            }
            if (logDropped > 0) {
                log.add("[" + logDropped + " more lines not shown]");
                logDropped = 0;
            }
            lines = log.toArray(String[]::new);
            log.clear();
        }
        Map<String, Object> p = base();
        p.put(DeviceReadings.LINES, lines);
        events.postEvent(new Event(DeviceReadings.LOG, p));
    }

    // posted under the lock, so that a newer reading never overtakes an older one from another thread
    private synchronized void postTemperatures() {
        Map<String, MarlinReplies.Heater> heaters = pendingTemperatures;
        pendingTemperatures = null;
        if (heaters == null) {
            return;
        }
        temperaturesPosted = System.nanoTime();
        Map<String, Object> p = base();
        heaters.forEach((name, h) -> {
            p.put(DeviceReadings.actual(name), h.actual());
            if (!Double.isNaN(h.target())) {
                p.put(DeviceReadings.target(name), h.target());
            }
        });
        events.postEvent(new Event(DeviceReadings.TEMPERATURES, p));
    }

    private synchronized void postProgress() {
        Map<String, Object> p = pendingProgress;
        pendingProgress = null;
        if (p == null) {
            return;
        }
        progressPosted = System.nanoTime();
        events.postEvent(new Event(DeviceReadings.PROGRESS, p));
    }

    private Map<String, Object> base() {
        Map<String, Object> p = new HashMap<>();
        p.put(DeviceReadings.DEVICE_ID, deviceId);
        p.put(DeviceReadings.TIME, System.currentTimeMillis());
        return p;
    }
}
