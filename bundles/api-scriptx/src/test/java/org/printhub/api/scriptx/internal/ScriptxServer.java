package org.printhub.api.scriptx.internal;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventHandler;
import org.printhub.device.Device;
import org.printhub.http.CorsPolicy;
import org.printhub.job.JobEvents;
import org.printhub.job.JobService;
import org.printhub.job.PrinterService;
import org.printhub.job.store.JobStore;
import org.printhub.render.internal.FetchConfig;
import org.printhub.render.internal.HttpUrlFetcher;
import org.printhub.render.internal.PdfBoxDocuments;
import org.printhub.render.internal.RenderConfig;
import org.printhub.render.internal.SelectingHtmlToPdf;
import org.printhub.store.internal.JdbcJobStore;

/**
 * The ScriptX surface as {@link ScriptxSurface} assembles it, over the real core (job service, H2 store, spool)
 * and the real file device ({@value #DEVICE}, writing PDFs to {@code <dir>/output}), served by Jetty on a loopback
 * port, with the licence {@value #GUID}; everything kept under one directory, so that a second server over the same
 * directory is the first one restarted. The renderer is the pure-Java one (the restart, not the layout, is under
 * test), and the fetcher may reach loopback. Run as a program, it prints {@code listening <port>} and serves until
 * it is killed.
 */
final class ScriptxServer implements AutoCloseable {
    static final String GUID = "5091e665-8916-4d21-996e-00a2de5de416";
    static final String DEVICE = "office";

    final URI base;
    final Path output;
    private final JdbcJobStore store;
    private final JobService core;
    private final Device device;
    private final ExecutorService workers;
    private final Intake intake;
    private final ExecutorService eventDelivery = Executors.newSingleThreadExecutor(r -> daemon(r, "test-events"));
    private final List<EventHandler> handlers = new CopyOnWriteArrayList<>();
    private final SelectingHtmlToPdf renderer;
    private final Server jetty;

    /**
     * @param scriptx the surface's configuration values that differ from its defaults
     * @param fetchTimeoutSeconds how long a URL may take to answer
     */
    ScriptxServer(Path dir, Map<String, ?> scriptx, int fetchTimeoutSeconds) throws Exception {
        Map<String, Object> values = new HashMap<>(scriptx);
        values.putIfAbsent("defaultPrinter", DEVICE);
        ScriptxConfig config = Configs.of(ScriptxConfig.class, values);
        store = new JdbcJobStore(Configs.of(org.printhub.store.internal.Config.class, Map.of("url",
                "jdbc:h2:file:" + dir.resolve("db/printhub") + ";DB_CLOSE_ON_EXIT=FALSE", "spoolDirectory",
                dir.resolve("spool").toString(), "journalDirectory", dir.resolve("journal").toString(),
                "minFreeBytes", 0L)), null, new org.h2.util.OsgiDataSourceFactory(new org.h2.Driver()));
        // the core's constructor takes its package-private configuration type, hence the reflection
        Class<?> coreConfig = Class.forName("org.printhub.job.internal.CoreConfig");
        Constructor<?> c = Class.forName("org.printhub.job.internal.JobServiceImpl").getConstructor(coreConfig,
                JobStore.class, EventAdmin.class);
        core = (JobService) c.newInstance(Configs.of(coreConfig, Map.of("progressIntervalMillis", 100L)), store,
                events());
        output = dir.resolve("output");
        Constructor<?> d = Class.forName("org.printhub.device.file.internal.FileDevice").getDeclaredConstructor(
                org.printhub.device.file.internal.Config.class, Map.class, Path.class);
        d.setAccessible(true);
        device = (Device) d.newInstance(Configs.of(org.printhub.device.file.internal.Config.class,
                Map.of("directory", output.toString(), "documentFormats", new String[] { "application/pdf" })),
                Map.of("device.id", DEVICE), dir);
        HttpUrlFetcher fetcher = new HttpUrlFetcher(Configs.of(FetchConfig.class,
                Map.of("allowList", new String[] { "127.0.0.0/8" }, "timeoutSeconds", fetchTimeoutSeconds)));
        renderer = new SelectingHtmlToPdf(fetcher, Configs.of(RenderConfig.class, Map.of("renderer", "java")));
        int poolSize = Math.max(1, config.workers());
        workers = new ThreadPoolExecutor(poolSize, poolSize, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> daemon(r, "scriptx-job"));
        Printers printers = new Printers((PrinterService) core, config.defaultPrinter(), config.fileDevice());
        intake = new Intake(dir.resolve("scriptx-intake"), ScriptxSurface.maxRecordBytes(config));
        ScriptxJobs jobs = new ScriptxJobs(core, printers, renderer, fetcher, new PdfBoxDocuments(), workers,
                java.nio.file.Files.createDirectories(dir.resolve("scriptx-work")), intake, config);
        jobs.recover();
        handlers.add(event -> {
            if (event.getProperty(JobEvents.JOB_ID) instanceof Number id) {
                jobs.jobChanged(id.longValue());
            }
        });
        Licences licences = new Licences(dir.resolve("scriptx-licences.json"));
        if (licences.find(GUID).isEmpty()) {
            licences.add(GUID, "Restart Ltd", List.of());
        }
        jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.addServlet(new ServletHolder(new ScriptxServlet(jobs, core, printers, licences, CorsPolicy.none(),
                config)), "/*");
        jetty.setHandler(context);
        jetty.start();
        base = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/");
        // the driver registers its device after the surface has started, as at a real start
        coreCall("addDevice", device);
    }

    private EventAdmin events() {
        return new EventAdmin() {
            @Override
            public void postEvent(Event event) {
                eventDelivery.execute(() -> sendEvent(event));
            }

            @Override
            public void sendEvent(Event event) {
                handlers.forEach(h -> h.handleEvent(event));
            }
        };
    }

    private void coreCall(String name, Object... args) throws Exception {
        Method m = null;
        for (Method candidate : core.getClass().getDeclaredMethods()) {
            if (candidate.getName().equals(name) && candidate.getParameterCount() == args.length) {
                m = candidate;
            }
        }
        if (m == null) {
            throw new NoSuchMethodException(name);
        }
        m.setAccessible(true);
        m.invoke(core, args);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public void close() throws Exception {
        jetty.stop();
        workers.shutdownNow();
        workers.awaitTermination(10, TimeUnit.SECONDS);
        intake.close();
        coreCall("removeDevice", device);
        coreCall("deactivate");
        Method close = store.getClass().getDeclaredMethod("close");
        close.setAccessible(true);
        close.invoke(store);
        Method stop = renderer.getClass().getDeclaredMethod("deactivate");
        stop.setAccessible(true);
        stop.invoke(renderer);
        eventDelivery.shutdown();
    }

    /** {@code <dir> <fetch timeout seconds> [name=value...]} (integer values): serves until killed. */
    public static void main(String[] args) throws Exception {
        Map<String, Object> config = new HashMap<>();
        for (int i = 2; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            config.put(kv[0], Integer.parseInt(kv[1]));
        }
        ScriptxServer server = new ScriptxServer(Path.of(args[0]), config, Integer.parseInt(args[1]));
        System.out.println("listening " + server.base.getPort());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
        server.close();
    }
}
