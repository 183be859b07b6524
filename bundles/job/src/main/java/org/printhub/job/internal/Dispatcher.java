package org.printhub.job.internal;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.printhub.device.Device;
import org.printhub.device.DeviceInfo;
import org.printhub.job.Job;
import org.printhub.job.JobEvents;
import org.printhub.job.JobQuery;
import org.printhub.job.JobState;
import org.printhub.job.JobStateReasons;
import org.printhub.job.PrinterState;
import org.printhub.job.PrinterStatus;
import org.printhub.job.store.JobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one set of workers per registered device id. A second device service with an id already in use waits
 * as a standby and takes over when the first leaves, so a bundle update that registers the new service
 * before the old one is gone loses nothing.
 */
final class Dispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private final JobStore store;
    private final JobChanges changes;
    private final JobEventPublisher events;
    private final CoreConfig config;
    private final Clock clock;
    private final Map<String, Registration> active = new HashMap<>();
    /**
     * A copy of {@code active}, published after every change under the monitor: every request reads it (a submit
     * wakes its device's workers, a surface resolves its printers), so reads take no lock.
     */
    private volatile Map<String, Registration> registered = Map.of();
    private final Map<String, Deque<Device>> standby = new HashMap<>();
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final Set<String> paused = ConcurrentHashMap.newKeySet();

    private static final class Registration {
        final Device device;
        final DeviceInfo info;
        final List<DeviceWorker> workers = new ArrayList<>();

        Registration(Device device, DeviceInfo info) {
            this.device = device;
            this.info = info;
        }
    }

    Dispatcher(JobStore store, JobChanges changes, JobEventPublisher events, CoreConfig config, Clock clock) {
        this.store = store;
        this.changes = changes;
        this.events = events;
        this.config = config;
        this.clock = clock;
        paused.addAll(store.pausedDevices());
    }

    void add(Device device) {
        DeviceInfo info;
        try {
            info = device.info();
        } catch (RuntimeException e) {
            LOG.error("ignoring a device whose info() failed", e);
            return;
        }
        synchronized (this) {
            String id = info.id();
            seen.add(id);
            if (active.containsKey(id)) {
                LOG.warn("device {}: a second {} device registered with this id; it waits until the first leaves", id,
                        info.driver());
                standby.computeIfAbsent(id, k -> new ArrayDeque<>()).add(device);
                return;
            }
            start(device, info);
        }
    }

    void remove(Device device) {
        Registration gone = null;
        synchronized (this) {
            for (Map.Entry<String, Registration> e : active.entrySet()) {
                if (e.getValue().device == device) {
                    gone = e.getValue();
                    active.remove(e.getKey());
                    registered = Map.copyOf(active);
                    break;
                }
            }
            if (gone == null) {
                standby.values().forEach(q -> q.remove(device));
                return;
            }
        }
        String id = gone.info.id();
        for (DeviceWorker w : gone.workers) {
            w.stop(config.deviceStopTimeoutMillis());
        }
        LOG.info("device {} ({}) removed", id, gone.info.driver());
        events.device(JobEvents.DEVICE_REMOVED, id);
        synchronized (this) {
            Deque<Device> waiting = standby.get(id);
            Device next = waiting == null ? null : waiting.poll();
            if (next != null && !active.containsKey(id)) {
                start(next, next.info());
            }
        }
    }

    private void start(Device device, DeviceInfo info) {
        Registration r = new Registration(device, info);
        for (int slot = 0; slot < info.concurrency(); slot++) {
            r.workers.add(new DeviceWorker(info.id(), slot, device, store, changes, this, config, clock));
        }
        active.put(info.id(), r);
        registered = Map.copyOf(active);
        r.workers.forEach(DeviceWorker::start);
        LOG.info("device {} ({}) added{}", info.id(), info.driver(), paused.contains(info.id()) ? ", paused" : "");
        events.device(JobEvents.DEVICE_ADDED, info.id());
    }

    List<DeviceInfo> registeredDevices() {
        return registered.values().stream().map(r -> r.info).sorted(java.util.Comparator.comparing(DeviceInfo::id))
                .toList();
    }

    Optional<DeviceInfo> info(String deviceId) {
        Registration r = registered.get(deviceId);
        return r == null ? Optional.empty() : Optional.of(r.info);
    }

    /** Registered now, or registered earlier in this run, or named by an active job or a pause. */
    boolean isKnown(String deviceId) {
        return seen.contains(deviceId) || paused.contains(deviceId)
                || store.deviceIds(EnumSet.of(JobState.PENDING, JobState.HELD)).contains(deviceId);
    }

    void wake(String deviceId) {
        Registration r = registered.get(deviceId);
        if (r != null) {
            r.workers.forEach(DeviceWorker::wake);
        }
    }

    synchronized Optional<RunningTask> running(long jobId) {
        for (Registration r : active.values()) {
            for (DeviceWorker w : r.workers) {
                RunningTask t = w.current();
                if (t != null && t.job().id() == jobId) {
                    return Optional.of(t);
                }
            }
        }
        return Optional.empty();
    }

    synchronized List<RunningTask> runningTasks() {
        List<RunningTask> tasks = new ArrayList<>();
        for (Registration r : active.values()) {
            for (DeviceWorker w : r.workers) {
                RunningTask t = w.current();
                if (t != null) {
                    tasks.add(t);
                }
            }
        }
        return tasks;
    }

    boolean isPaused(String deviceId) {
        return paused.contains(deviceId);
    }

    void setPaused(String deviceId, boolean pause) {
        store.setPaused(deviceId, pause);
        if (pause) {
            paused.add(deviceId);
        } else {
            paused.remove(deviceId);
            wake(deviceId);
        }
        LOG.info("device {} {}", deviceId, pause ? "paused" : "resumed");
        events.device(JobEvents.DEVICE_CHANGED, deviceId);
    }

    /** Every device id worth listing: registered, paused, or named by an active job. */
    Set<String> ids() {
        Set<String> ids = new TreeSet<>(store.deviceIds(EnumSet.of(JobState.PENDING, JobState.HELD,
                JobState.PROCESSING, JobState.STOPPED)));
        ids.addAll(paused);
        synchronized (this) {
            ids.addAll(active.keySet());
        }
        return ids;
    }

    /**
     * As {@code ids().contains(deviceId)}, without listing every device with active jobs (a scan of the jobs): a
     * registration or a pause answers at once, else one indexed look for an active job of the device.
     */
    boolean isListed(String deviceId) {
        synchronized (this) {
            if (active.containsKey(deviceId)) {
                return true;
            }
        }
        return paused.contains(deviceId) || !store.query(JobQuery.builder().deviceId(deviceId)
                .state(JobState.PENDING, JobState.HELD, JobState.PROCESSING, JobState.STOPPED).limit(1).build())
                .jobs().isEmpty();
    }

    PrinterStatus status(String deviceId) {
        DeviceInfo info = info(deviceId).orElse(null);
        boolean isPaused = paused.contains(deviceId);
        List<Job> busy = store.query(JobQuery.builder().deviceId(deviceId)
                .state(JobState.PROCESSING, JobState.STOPPED).limit(1).build()).jobs();
        Job current = busy.isEmpty() ? null : busy.get(0);
        PrinterState state = PrinterState.IDLE;
        Set<String> reasons = new TreeSet<>();
        String message = "";
        if (current != null) {
            state = current.state() == JobState.STOPPED && !current.hasReason(
                    JobStateReasons.JOB_SUSPENDED) ? PrinterState.STOPPED : PrinterState.PROCESSING;
            if (state == PrinterState.STOPPED) {
                reasons.addAll(current.stateReasons());
                reasons.remove(JobStateReasons.PRINTER_STOPPED);
                message = current.stateMessage();
            }
        }
        if (isPaused) {
            reasons.add("paused");
            if (current == null) {
                state = PrinterState.STOPPED;
            }
        }
        if (info == null) {
            reasons.add("offline-report");
            state = PrinterState.STOPPED;
            message = message.isEmpty() ? "no driver registers this device" : message;
        }
        long queued = store.count(deviceId, EnumSet.of(JobState.PENDING));
        return new PrinterStatus(deviceId, info, isPaused, state, reasons, message,
                current == null ? 0 : current.id(), (int) Math.min(Integer.MAX_VALUE, queued));
    }

    void close() {
        List<Registration> all;
        synchronized (this) {
            all = new ArrayList<>(active.values());
            active.clear();
            registered = Map.of();
            standby.clear();
        }
        for (Registration r : all) {
            r.workers.forEach(w -> w.stop(config.deviceStopTimeoutMillis()));
        }
    }
}
