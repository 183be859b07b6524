package org.printhub.api.octoprint.internal;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Hashtable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.regex.Pattern;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.metatype.annotations.Designate;
import org.printhub.device.DeviceReadings;
import org.printhub.http.HttpEndpoints;
import org.printhub.http.Json;
import org.printhub.http.WhiteboardProperties;
import org.printhub.job.DataDirectory;
import org.printhub.job.Job;
import org.printhub.job.JobEvents;
import org.printhub.job.JobQuery;
import org.printhub.job.JobService;
import org.printhub.job.JobState;
import org.printhub.job.PrinterService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.Servlet;

/**
 * One OctoPrint instance: a factory configuration names the device and the listener. It opens the listener, serves
 * every OctoPrint path there, and follows the device's job events and readings for the push socket. A changed
 * configuration reactivates it.
 */
@Component(service = {}, immediate = true, configurationPid = OctoPrintSurface.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = OctoPrintConfig.class, factory = true)
public final class OctoPrintSurface {
    static final String PID = "org.printhub.api.octoprint";
    private static final Logger LOG = LoggerFactory.getLogger(OctoPrintSurface.class);
    private static final Pattern LISTENER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]{0,31}");

    private final HttpEndpoints endpoints;
    private final String listener;
    private final ScheduledExecutorService timer;
    private final PushHub push;
    private final ServiceRegistration<EventHandler> handler;
    private final ServiceRegistration<Servlet> servlet;

    @Activate
    public OctoPrintSurface(OctoPrintConfig config, BundleContext context, @Reference HttpEndpoints endpoints,
            @Reference JobService jobs, @Reference PrinterService printers, @Reference OctoAccounts accounts) {
        if (config.device_id().isBlank() || !LISTENER.matcher(config.listener()).matches()) {
            throw new IllegalArgumentException("device.id must be set, and listener be 1 to 32 letters, digits, "
                    + "'.' or '-'");
        }
        if (config.maxUploadMiB() < 1 || config.pushIntervalMillis() < 50) {
            throw new IllegalArgumentException("maxUploadMiB must be positive and pushIntervalMillis at least 50");
        }
        String prefix = OctoPrintServlet.prefix(config.pathPrefix());
        if (config.port() == HttpEndpoints.SHARED && prefix.isEmpty()) {
            throw new IllegalArgumentException("an OctoPrint instance on the shared port needs a pathPrefix");
        }
        this.endpoints = endpoints;
        this.listener = config.listener();
        Path dir = DataDirectory.of(context, "octoprint").resolve("instances").resolve(listener);
        FileCatalog files = new FileCatalog(jobs, config.device_id(), config.documentFormat(), dir);
        Runnable holdInterrupted = () -> holdInterrupted(jobs, config.device_id());
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "octoprint-push-" + listener);
            t.setDaemon(true);
            return t;
        });
        OctoStatus status = new OctoStatus(files, printers, new Readings(), Clock.systemUTC());
        this.push = new PushHub(status, accounts, config.serverVersion(), Json.serializingNulls().gson(),
                config.pushIntervalMillis(), timer, () -> timer.execute(holdInterrupted),
                job -> timer.execute(() -> endFailedPrint(jobs, job)));
        holdInterrupted.run();

        Hashtable<String, Object> topics = new Hashtable<>();
        topics.put(EventConstants.EVENT_TOPIC, new String[] { JobEvents.JOB_TOPIC_PREFIX + "*",
                JobEvents.DEVICE_TOPIC_PREFIX + "*", DeviceReadings.TOPIC_PREFIX + "*" });
        // the device's events, and every OctoPrint file's: one moved to another device leaves this instance
        topics.put(EventConstants.EVENT_FILTER, "(|(" + JobEvents.DEVICE_ID + "=" + escapeFilter(config.device_id())
                + ")(" + JobEvents.JOB_ORIGIN + "=" + FileCatalog.ORIGIN + "))");
        this.handler = context.registerService(EventHandler.class, push, topics);
        // read once events arrive, so that no change between the read and the first event is missed
        int discarded;
        try {
            discarded = files.load();
        } catch (RuntimeException e) {
            handler.unregister();
            timer.shutdownNow();
            throw e;
        }
        if (discarded > 0) {
            LOG.info("OctoPrint '{}': removed {} upload(s) a stop left unfinished", listener, discarded);
        }

        OctoPrintServlet api = new OctoPrintServlet(config, jobs, printers, files, status, accounts, push);
        String target = endpoints.open(listener, config.port());
        this.servlet = context.registerService(Servlet.class, api,
                WhiteboardProperties.servlet(target, "octoprint-" + listener, prefix + "/*"));
        LOG.info("OctoPrint instance '{}' for device {} on {}{}", listener, config.device_id(),
                config.port() == HttpEndpoints.SHARED ? "the shared port" : "its listener (port " + config.port()
                        + " unless printhub." + listener + ".port overrides it)",
                prefix.isEmpty() ? "" : " under " + prefix);
    }

    /**
     * A file that was printing when the server or its driver stopped comes back from the core queued to print again
     * from the start; a 3D printer must not do that by itself, so it is held: it shows as selected and Operational,
     * and prints again only when a client starts it. The core requeues before this surface can see it; if the
     * device registers before this runs, the dispatcher may start it first (a core option to requeue held is asked
     * for in the README).
     */
    static void holdInterrupted(JobService jobs, String deviceId) {
        try {
            for (Job job : jobs.query(JobQuery.builder().origin(FileCatalog.ORIGIN).deviceId(deviceId)
                    .state(JobState.PENDING).limit(JobQuery.MAX_LIMIT).build()).jobs()) {
                if (job.interrupted() && FileCatalog.FILE.equals(job.project().orElse(""))) {
                    jobs.hold(job.id());
                    LOG.info("OctoPrint: {} was interrupted while printing; it waits to be started again",
                            job.name());
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("OctoPrint: could not hold interrupted prints: {}", e.toString());
        }
    }

    /** Ends a print a device error stopped, before the core retries it from its first line. */
    static void endFailedPrint(JobService jobs, Job job) {
        try {
            jobs.cancel(job.id());
            LOG.info("OctoPrint: {} stopped on a device error and is not retried: {}", job.name(), job.stateMessage());
        } catch (RuntimeException e) {
            LOG.warn("OctoPrint: could not end the failed print {}: {}", job.name(), e.toString());
        }
    }

    private static String escapeFilter(String value) {
        return value.replace("\\", "\\5c").replace("*", "\\2a").replace("(", "\\28").replace(")", "\\29");
    }

    @Deactivate
    void deactivate() {
        servlet.unregister();
        handler.unregister();
        push.closeAll();
        endpoints.close(listener);
        timer.shutdownNow();
    }
}
