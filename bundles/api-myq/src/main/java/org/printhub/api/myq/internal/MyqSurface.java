package org.printhub.api.myq.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.servlet.whiteboard.annotations.RequireHttpWhiteboard;
import org.printhub.http.CorsPolicy;
import org.printhub.http.HttpEndpoints;
import org.printhub.http.Json;
import org.printhub.http.Limits;
import org.printhub.http.WhiteboardProperties;
import org.printhub.job.JobService;
import org.printhub.job.PrinterService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.Servlet;

/** The MyQ X surface on its own listener (or the shared port): opens it, serves the API there, closes it. */
@RequireHttpWhiteboard
@Component(configurationPid = MyqConfig.PID, immediate = true)
@Designate(ocd = MyqConfig.class)
public final class MyqSurface {
    static final String LISTENER = "myq";
    private static final Logger LOG = LoggerFactory.getLogger(MyqSurface.class);

    private final HttpEndpoints endpoints;
    private final ServiceRegistration<Servlet> registration;

    @Activate
    public MyqSurface(BundleContext context, MyqConfig config, @Reference HttpEndpoints endpoints,
            @Reference JobService jobs, @Reference PrinterService printers, @Reference Limits limits,
            @Reference Accounts accounts, @Reference Tokens tokens, @Reference PullQueues queues) {
        this.endpoints = endpoints;
        MyqServlet servlet = servlet(config, jobs, printers, limits, accounts, tokens, queues, Clock.systemUTC());
        String target = endpoints.open(LISTENER, config.port());
        this.registration = context.registerService(Servlet.class, servlet,
                WhiteboardProperties.servlet(target, "printhub-myq", "/api/auth/token", "/api/v3/*", "/v3/*"));
        // The listener's own line tells the port: printhub.myq.port on the command line may override this one.
        LOG.info("MyQ X surface on listener '{}' (configured port {}), pull queues {}", LISTENER, config.port(),
                String.join(", ", queues.queues()));
    }

    /** The whole surface behind one servlet, so that a test can serve it from any container. */
    static MyqServlet servlet(MyqConfig config, JobService jobs, PrinterService printers, Limits limits,
            Accounts accounts, Tokens tokens, PullQueues queues, Clock clock) {
        PriceTable prices = PriceTable.parse(config.prices());
        ZoneId zone = config.timeZone().isBlank() ? ZoneId.systemDefault() : ZoneId.of(config.timeZone().trim());
        JobView view = new JobView(zone, prices, queues,
                owner -> accounts.user(owner).map(Accounts.User::id).orElse(0L));
        Json json = Json.of(Json.builder().registerTypeAdapter(JobView.Shown.class, JobView.ADAPTER).create());
        MyqJobs myqJobs = new MyqJobs(jobs, printers, queues, accounts, view, prices, json.gson());
        FailureLimiter failures = new FailureLimiter(config.maxFailedLogins(),
                Duration.ofSeconds(config.failedLoginWindowSeconds()), clock);
        TokenEndpoint tokenEndpoint = new TokenEndpoint(accounts, tokens, failures, json);
        CorsPolicy cors = CorsPolicy.builder().allowOrigins(config.corsOrigins())
                .allowMethods("GET", "POST", "PATCH", "DELETE").allowHeaders("Authorization", "Authentication")
                .build();
        return new MyqServlet(tokenEndpoint, tokens, accounts, myqJobs, jobs, printers, queues, view, limits, cors, json);
    }

    @Deactivate
    void deactivate() {
        try {
            registration.unregister();
        } catch (IllegalStateException e) {
            // already unregistered with the bundle
        }
        endpoints.close(LISTENER);
    }
}
