package org.printhub.api.cirrus.internal;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.printhub.http.ApiKeys;
import org.printhub.http.HttpEndpoints;
import org.printhub.http.Limits;
import org.printhub.http.WhiteboardProperties;
import org.printhub.job.DataDirectory;
import org.printhub.job.JobService;
import org.printhub.job.PrinterService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.Servlet;

/**
 * The CirrusPrint surface: opens its listener, serves {@code /api/*} there, and deletes expired uploads. A changed
 * configuration reactivates it, moving the listener.
 */
@Component(service = {}, immediate = true, configurationPid = CirrusSurface.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = CirrusConfig.class)
public final class CirrusSurface {
    static final String PID = "org.printhub.api.cirrus";
    static final String LISTENER = "cirrus";

    private static final Logger LOG = LoggerFactory.getLogger(CirrusSurface.class);

    private final HttpEndpoints endpoints;
    private final ScheduledExecutorService sweeper;
    private final ServiceRegistration<Servlet> servlet;

    @Activate
    public CirrusSurface(CirrusConfig config, BundleContext context, @Reference HttpEndpoints endpoints,
            @Reference JobService jobs, @Reference PrinterService printers, @Reference ApiKeys keys,
            @Reference Limits limits, @Reference CirrusDirectory directory) {
        if (config.uploadExpiryMinutes() < 1 || config.maxUploadsPerCompany() < 1 || config.maxSegmentRanges() < 1) {
            throw new IllegalArgumentException("upload expiry, uploads per company and segment ranges must be positive");
        }
        this.endpoints = endpoints;
        Path root = DataDirectory.of(context, "cirrus").resolve("uploads");
        Duration expiry = Duration.ofMinutes(config.uploadExpiryMinutes());
        Uploads uploads = new Uploads(root, Clock.systemUTC(), expiry, config.maxUploadsPerCompany(),
                config.maxSegmentRanges());
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cirrus-upload-expiry");
            t.setDaemon(true);
            return t;
        });
        long everyMinutes = Math.max(1, Math.min(60, config.uploadExpiryMinutes() / 4));
        sweeper.scheduleWithFixedDelay(() -> expire(uploads), 0, everyMinutes, TimeUnit.MINUTES);

        CirrusServlet api = new CirrusServlet(config, new Authenticator(keys, directory), directory, uploads,
                new Submissions(jobs, printers, directory, limits), jobs, printers, limits);
        String target = endpoints.open(LISTENER, config.port());
        this.servlet = context.registerService(Servlet.class, api,
                WhiteboardProperties.servlet(target, "cirrusprint", "/api/*"));
        LOG.info("CirrusPrint surface on listener '{}' ({}), uploads in {} expire after {} min unused", LISTENER,
                config.port() == HttpEndpoints.SHARED ? "shared port" : "port " + config.port(), root,
                config.uploadExpiryMinutes());
    }

    @Deactivate
    void deactivate() {
        servlet.unregister();
        endpoints.close(LISTENER);
        sweeper.shutdownNow();
    }

    private static void expire(Uploads uploads) {
        try {
            int n = uploads.expire();
            if (n > 0) {
                LOG.info("deleted {} expired CirrusPrint upload(s)", n);
            }
        } catch (RuntimeException e) {
            LOG.warn("expiring CirrusPrint uploads failed", e);
        }
    }
}
