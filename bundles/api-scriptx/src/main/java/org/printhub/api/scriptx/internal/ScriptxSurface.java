package org.printhub.api.scriptx.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.metatype.annotations.Designate;
import org.printhub.http.CorsPolicy;
import org.printhub.http.HttpEndpoints;
import org.printhub.http.WhiteboardProperties;
import org.printhub.job.DataDirectory;
import org.printhub.job.JobEvents;
import org.printhub.job.JobService;
import org.printhub.job.PrinterService;
import org.printhub.render.HtmlToPdf;
import org.printhub.render.PdfDocuments;
import org.printhub.render.UrlFetcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.Servlet;

/**
 * The ScriptX.Services surface: opens its listener (port 41191 unless configured), serves every route from one
 * servlet, and pre-processes jobs on a small pool of its own.
 */
@Component(configurationPid = ScriptxSurface.PID, service = {})
@Designate(ocd = ScriptxConfig.class)
public final class ScriptxSurface {
    static final String PID = "org.printhub.api.scriptx";
    static final String LISTENER = "scriptx";
    private static final Logger LOG = LoggerFactory.getLogger(ScriptxSurface.class);
    private static final long DEFAULT_MAX_REQUEST_BYTES = 32L << 20;

    private final HttpEndpoints endpoints;
    private final ExecutorService workers;
    private final ScriptxJobs jobs;
    private final Intake intake;
    private final ServiceRegistration<Servlet> registration;
    private final ServiceRegistration<EventHandler> jobEvents;

    @Activate
    public ScriptxSurface(BundleContext context, ScriptxConfig config, @Reference HttpEndpoints endpoints,
            @Reference JobService jobService, @Reference PrinterService printerService,
            @Reference HtmlToPdf renderer, @Reference UrlFetcher fetcher, @Reference PdfDocuments pdfs,
            @Reference Licences licences) {
        this.endpoints = endpoints;
        Path work = emptyWorkDirectory(DataDirectory.of(context, "scriptx-work"));
        AtomicInteger threads = new AtomicInteger();
        int poolSize = Math.max(1, config.workers());
        // A waiting job is only its token here (its request waits on disk, in the intake); ScriptxJobs bounds how
        // many wait (maxWaiting), and after a restart every record found waits, however many.
        this.workers = new ThreadPoolExecutor(poolSize, poolSize, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, "scriptx-job-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        Printers printers = new Printers(printerService, config.defaultPrinter(), config.fileDevice());
        Intake opened = null;
        try {
            opened = new Intake(DataDirectory.of(context, "scriptx-intake"), maxRecordBytes(config));
            this.jobs = new ScriptxJobs(jobService, printers, renderer, fetcher, pdfs, workers, work, opened, config);
            jobs.recover();
        } catch (IOException | RuntimeException e) {
            workers.shutdownNow();
            if (opened != null) {
                opened.close();
            }
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot read the ScriptX intake: " + e.getMessage(), io);
            }
            throw (RuntimeException) e;
        }
        this.intake = opened;
        // Status polls answer from the last store read until the job changes: the core's events say when.
        Dictionary<String, Object> topics = new Hashtable<>();
        topics.put(EventConstants.EVENT_TOPIC,
                new String[] { JobEvents.JOB_STATE_CHANGED, JobEvents.JOB_UPDATED, JobEvents.JOB_DELETED });
        this.jobEvents = context.registerService(EventHandler.class, event -> {
            if (event.getProperty(JobEvents.JOB_ID) instanceof Number id) {
                jobs.jobChanged(id.longValue());
            }
        }, topics);
        CorsPolicy cors = CorsPolicy.builder().allowOrigins(config.allowedOrigins())
                .allowMethods("GET", "POST", "PUT", "DELETE", "OPTIONS")
                .allowHeaders("authorization", "content-type", "x-meadroid-path", "accept", "origin",
                        "x-requested-with")
                .exposeHeaders("Content-Disposition").maxAge(Duration.ofMinutes(10)).build();
        String target = endpoints.open(LISTENER, config.port());
        ScriptxServlet servlet = new ScriptxServlet(jobs, jobService, printers, licences, cors, config);
        this.registration = context.registerService(Servlet.class, servlet,
                WhiteboardProperties.servlet(target, "scriptx-services", "/*"));
        LOG.info("ScriptX.Services surface on listener '{}' (port {})", LISTENER,
                config.port() == HttpEndpoints.SHARED ? "shared" : Integer.toString(config.port()));
    }

    @Deactivate
    void deactivate() {
        try {
            jobEvents.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the framework unregistered it while stopping the bundle
        }
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the framework unregistered it while stopping the bundle
        }
        endpoints.close(LISTENER);
        jobs.stop();
        workers.shutdownNow();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        intake.close();
    }

    /**
     * The largest intake record: a request's content and settings, and room for the rest. A record accepted
     * under a larger request limit than today's is still read.
     */
    static long maxRecordBytes(ScriptxConfig config) {
        return Math.max(config.maxRequestBytes(), DEFAULT_MAX_REQUEST_BYTES) + (1 << 20);
    }

    /** Files left by a previous run belong to jobs that never reached the core. */
    private static Path emptyWorkDirectory(Path work) {
        try (Stream<Path> files = Files.list(work)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(f);
            }
            return work;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear " + work, e);
        }
    }
}
