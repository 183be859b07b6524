package org.printhub.http.internal;

import java.io.IOException;
import java.net.URI;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.printhub.http.HttpEndpoints;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Felix HTTP (Jetty) instance per named listener, made from a factory configuration of
 * {@code org.apache.felix.http} and selected by its {@code org.apache.felix.http.name}. The listeners' base URLs
 * come from the {@code osgi.http.endpoint} property of each instance's {@link HttpServiceRuntime}.
 */
@Component
public final class HttpEndpointsImpl implements HttpEndpoints {
    static final String FELIX_HTTP = "org.apache.felix.http";
    static final String NAME_PROPERTY = "org.apache.felix.http.name";
    static final String SHARED_NAME = "printhub";
    /** The shared instance is the default one; it carries the name only when the defaults bundle configured it. */
    static final String SHARED_TARGET = "(|(" + NAME_PROPERTY + "=" + SHARED_NAME + ")(!(" + NAME_PROPERTY + "=*)))";
    private static final long BIND_CHECK_SECONDS = 15;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]{0,62}");
    private static final Logger LOG = LoggerFactory.getLogger(HttpEndpointsImpl.class);

    private final ConfigurationAdmin configAdmin;
    private final BundleContext context;
    private final String host;
    private final Map<String, Integer> opened = new HashMap<>();
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(null, r, "printhub-http-endpoints", 0, false);
        t.setDaemon(true);
        return t;
    });
    private final Map<ServiceReference<?>, String> runtimes = new ConcurrentHashMap<>();

    @Activate
    public HttpEndpointsImpl(BundleContext context, @Reference ConfigurationAdmin configAdmin) {
        this.configAdmin = configAdmin;
        this.context = context;
        String h = context.getProperty("printhub.http.host");
        this.host = h == null || h.isBlank() ? "127.0.0.1" : h.trim();
    }

    @Override
    public synchronized String open(String name, int configuredPort) {
        check(name);
        if (configuredPort < SHARED || configuredPort > 65535) {
            throw new IllegalArgumentException("not a port: " + configuredPort);
        }
        int port = portProperty(name).orElse(configuredPort);
        if (port == SHARED || SHARED_NAME.equals(name)) {
            return SHARED_TARGET;
        }
        if (!Objects.equals(opened.get(name), port)) {
            try {
                Configuration c = configAdmin.getFactoryConfiguration(FELIX_HTTP, configName(name), "?");
                Dictionary<String, Object> p = new Hashtable<>();
                p.put("org.apache.felix.http.enable", "true");
                p.put("org.apache.felix.http.host", host);
                p.put("org.osgi.service.http.port", port);
                p.put(NAME_PROPERTY, name);
                c.update(p);
            } catch (IOException e) {
                throw new IllegalStateException("cannot configure HTTP listener '" + name + "': " + e.getMessage(), e);
            }
            opened.put(name, port);
            int expected = port;
            watchdog.schedule(() -> warnIfNotListening(name, expected), BIND_CHECK_SECONDS, TimeUnit.SECONDS);
        }
        return "(" + NAME_PROPERTY + "=" + name + ")";
    }

    /** Felix Jetty logs a failed bind as a stack trace and tells nobody; this says it in one line. */
    private void warnIfNotListening(String name, int port) {
        synchronized (this) {
            if (!Integer.valueOf(port).equals(opened.get(name))) {
                return;
            }
        }
        if (endpoint(name).isEmpty()) {
            LOG.error("HTTP listener '{}' is not listening on {}:{} after {} s: is the port in use? Set another with "
                    + "-Dprinthub.{}.port=... or the surface's port setting", name, host, port, BIND_CHECK_SECONDS,
                    name);
        }
    }

    @Override
    public synchronized void close(String name) {
        if (opened.remove(name) == null) {
            return;
        }
        try {
            Configuration[] c = configAdmin.listConfigurations(
                    "(&(service.factoryPid=" + FELIX_HTTP + ")(" + NAME_PROPERTY + "=" + name + "))");
            if (c != null) {
                for (Configuration each : c) {
                    each.delete();
                }
            }
        } catch (Exception e) {
            LOG.warn("could not remove HTTP listener '{}': {}", name, e.toString());
        }
    }

    @Override
    public Optional<URI> endpoint(String name) {
        boolean shared = SHARED_NAME.equals(name);
        synchronized (this) {
            if (!shared && opened.get(name) != null && opened.get(name) == SHARED) {
                shared = true;
            }
        }
        for (Map.Entry<ServiceReference<?>, String> e : runtimes.entrySet()) {
            Object n = e.getKey().getProperty(NAME_PROPERTY);
            if (shared ? n == null || SHARED_NAME.equals(n) : name.equals(n)) {
                return Optional.of(URI.create(e.getValue()));
            }
        }
        return Optional.empty();
    }

    @Reference(service = HttpServiceRuntime.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, updated = "updatedRuntime", unbind = "removeRuntime")
    void addRuntime(ServiceReference<?> runtime) {
        String url = firstEndpoint(runtime.getProperty("osgi.http.endpoint"));
        if (url == null) {
            return;
        }
        runtimes.put(runtime, url);
        Object n = runtime.getProperty(NAME_PROPERTY);
        LOG.info("HTTP listener '{}' at {}", n == null ? SHARED_NAME : n, url);
    }

    void updatedRuntime(ServiceReference<?> runtime) {
        String before = runtimes.get(runtime);
        String url = firstEndpoint(runtime.getProperty("osgi.http.endpoint"));
        if (url != null && !url.equals(before)) {
            addRuntime(runtime);
        }
    }

    void removeRuntime(ServiceReference<?> runtime) {
        runtimes.remove(runtime);
    }

    @Deactivate
    synchronized void deactivate() {
        watchdog.shutdownNow();
        opened.clear();
    }

    /** Felix publishes one endpoint per connector, as a String or a String[]; the first is the HTTP one. */
    static String firstEndpoint(Object property) {
        if (property instanceof String s && !s.isBlank()) {
            return s;
        }
        if (property instanceof String[] a && a.length > 0) {
            return a[0];
        }
        if (property instanceof Iterable<?> i && i.iterator().hasNext()) {
            return String.valueOf(i.iterator().next());
        }
        return null;
    }

    /** {@code -Dprinthub.<name>.port=...} on the command line wins over the surface's configured port. */
    private Optional<Integer> portProperty(String name) {
        String key = "printhub." + name + ".port";
        String value = context.getProperty(key);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            int port = Integer.parseInt(value.trim());
            if (port >= SHARED && port <= 65535) {
                return Optional.of(port);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        LOG.warn("{}={} is not a port (0-65535, or -1 for the shared port); using the configured one", key, value);
        return Optional.empty();
    }

    static String configName(String name) {
        return "printhub-" + name;
    }

    private static void check(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a listener name: " + name);
        }
    }
}
