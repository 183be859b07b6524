package org.printhub.api.myq.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.printhub.device.Device;
import org.printhub.device.DeviceException;
import org.printhub.device.DeviceIds;
import org.printhub.device.DeviceInfo;
import org.printhub.device.PrintTask;
import org.printhub.job.Job;
import org.printhub.job.JobEvents;
import org.printhub.job.JobException;
import org.printhub.job.JobPage;
import org.printhub.job.JobQuery;
import org.printhub.job.JobService;
import org.printhub.job.JobState;
import org.printhub.job.JobUpdate;
import org.printhub.job.PrinterService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The held queue of pull printing. Each configured pull queue is a device that never prints and stays paused:
 * any surface may submit to it, and every job that arrives there is held for its owner to release at a printer.
 * Held jobs left longer than the retention are canceled and reported {@code deleted}.
 */
@Component(service = { PullQueues.class, EventHandler.class }, configurationPid = MyqConfig.PID,
        property = EventConstants.EVENT_TOPIC + "=" + JobEvents.JOB_TOPIC_PREFIX + "*")
public final class PullQueues implements EventHandler {
    static final String DRIVER = "myq";
    private static final Logger LOG = LoggerFactory.getLogger(PullQueues.class);

    private final JobService jobs;
    private final PrinterService printers;
    private final Set<String> queues;
    private final Duration retention;
    private final Clock clock;
    private final List<ServiceRegistration<Device>> registrations = new ArrayList<>();
    private final ScheduledExecutorService timer;
    // Expiry and release of the same job must not interleave: a release between the expiry's mark and its
    // cancel would cancel a job already on its way to a printer.
    private final Object releaseLock = new Object();

    @Activate
    public PullQueues(BundleContext context, MyqConfig config, @Reference JobService jobs,
            @Reference PrinterService printers) {
        this(jobs, printers, config.pullQueues(), Duration.ofSeconds(config.heldRetentionSeconds()),
                Clock.systemUTC());
        for (String q : queues) {
            Dictionary<String, Object> props = new Hashtable<>();
            props.put(DeviceIds.ID_PROPERTY, q);
            registrations.add(context.registerService(Device.class, new QueueDevice(q), props));
            // Registering bound the device to the job service at once, so it can be paused now. A paused device is
            // remembered by the store: after the first start the queue is paused before any job can reach it.
            if (printers.printer(q).map(p -> !p.paused()).orElse(false)) {
                printers.pause(q);
            }
        }
        timer.execute(this::sweep);
        long every = Math.max(1, config.retentionCheckSeconds());
        timer.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.SECONDS);
    }

    PullQueues(JobService jobs, PrinterService printers, String[] queues, Duration retention, Clock clock) {
        this.jobs = jobs;
        this.printers = printers;
        Set<String> q = new LinkedHashSet<>();
        for (String name : queues) {
            if (name != null && !name.isBlank()) {
                q.add(DeviceIds.requireValid(name.trim()));
            }
        }
        this.queues = Set.copyOf(q);
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("the held job retention must be positive");
        }
        this.retention = retention;
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "myq-retention");
            t.setDaemon(true);
            return t;
        });
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
        for (ServiceRegistration<Device> r : registrations) {
            try {
                r.unregister();
            } catch (IllegalStateException e) {
                // already gone with the bundle
            }
        }
        registrations.clear();
    }

    Set<String> queues() {
        return queues;
    }

    boolean isPullQueue(String deviceId) {
        return queues.contains(deviceId);
    }

    @Override
    public void handleEvent(Event event) {
        Object j = event.getProperty(JobEvents.JOB);
        if (j instanceof Job job && job.state() == JobState.PENDING && queues.contains(job.deviceId())) {
            // Holding writes to the store: off Event Admin's thread, which blacklists handlers that take long.
            try {
                timer.execute(() -> hold(job.id()));
            } catch (RejectedExecutionException e) {
                // deactivating: the next activation's sweep holds it
            }
        }
    }

    /** Holds what reached a queue while this bundle was away. */
    void holdArrivals() {
        for (String q : queues) {
            JobPage page;
            do {
                page = jobs.query(JobQuery.builder().deviceId(q).state(JobState.PENDING).oldestFirst()
                        .limit(JobQuery.MAX_LIMIT).build());
                page.jobs().forEach(job -> hold(job.id()));
            } while (page.hasMore() && !page.jobs().isEmpty());
        }
    }

    private void hold(long id) {
        try {
            jobs.hold(id);
            LOG.debug("MyQ: job {} held in its pull queue", id);
        } catch (JobException e) {
            // Canceled or changed meanwhile: nothing to hold.
            LOG.debug("MyQ: job {} not held: {}", id, e.getMessage());
        }
    }

    /** Runs {@code release} so that no expiry interleaves with it. */
    <T> T releasing(java.util.function.Supplier<T> release) {
        synchronized (releaseLock) {
            return release.get();
        }
    }

    /** Cancels held jobs older than the retention, marked so that MyQ reports them {@code deleted}. */
    int expire() {
        Instant cutoff = clock.instant().minus(retention);
        int n = 0;
        for (String q : queues) {
            List<Job> old;
            do {
                old = jobs.query(JobQuery.builder().deviceId(q).state(JobState.HELD).createdBefore(cutoff)
                        .oldestFirst().limit(100).build()).jobs();
                for (Job job : old) {
                    if (expire(job)) {
                        n++;
                    }
                }
            } while (old.size() == 100);
        }
        return n;
    }

    private boolean expire(Job job) {
        synchronized (releaseLock) {
            try {
                Job current = jobs.get(job.id());
                if (current.state() != JobState.HELD || !queues.contains(current.deviceId())) {
                    return false;
                }
                jobs.update(job.id(), JobUpdate.builder().ticket(current.ticket().toBuilder()
                        .extension(MyqState.EXPIRED_MARK, clock.instant().toString()).build()).build());
                jobs.cancel(job.id());
                LOG.info("MyQ: job {} of '{}' deleted: held longer than {}", job.id(), job.owner(), retention);
                return true;
            } catch (JobException e) {
                LOG.debug("MyQ: job {} not expired: {}", job.id(), e.getMessage());
                return false;
            }
        }
    }

    // Also holds what an event did not (a missed or late event must not leave a job unheld for long).
    private void sweep() {
        try {
            holdArrivals();
            expire();
        } catch (RuntimeException e) {
            LOG.warn("MyQ: could not look after the pull queues: {}", e.toString());
        }
    }

    /** A pull queue as the dispatcher sees it: a device that takes any document and is never asked to print. */
    static final class QueueDevice implements Device {
        private final DeviceInfo info;

        QueueDevice(String id) {
            this.info = DeviceInfo.builder(id, DRIVER).name("MyQ pull queue " + id)
                    .makeAndModel("Printhub MyQ pull queue").documentFormats().build();
        }

        @Override
        public DeviceInfo info() {
            return info;
        }

        @Override
        public void print(PrintTask task) throws DeviceException {
            // Only reached if an administrator resumed the queue: the job must be released at a printer instead.
            throw DeviceException.retryable("myq-pull-queue", "pull queue " + info.id()
                    + " does not print: release the job at a printer (and pause the queue again with device:pause "
                    + info.id() + ")");
        }
    }
}
