package org.printhub.defaults.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the launcher's properties into configuration, once at start:
 * <ul>
 * <li>the shared HTTP port: {@code printhub.http.host} / {@code printhub.http.port} become the
 * {@code org.apache.felix.http} configuration (the launcher keeps Jetty disabled until it arrives, so it never
 * binds a port it was not given);</li>
 * <li>a {@code file} and a {@code virtual} printer, the latter with an OctoPrint instance (port 5000), unless
 * {@code printhub.defaults=false} or a device configuration or a device file in {@code deploy/} exists already;</li>
 * <li>a PDF to PostScript converter with Ghostscript, when it is installed and no converter is configured;</li>
 * <li>the directory FileInstall watches ({@code felix.fileinstall.dir}), which it does not create itself.</li>
 * </ul>
 * Configurations are created multi-location ({@code "?"}) so that the bundles they are for can use them.
 */
@Component
public final class EmbeddedDefaults {
    static final String HTTP_PID = "org.apache.felix.http";
    static final String DEFAULT_HOST = "127.0.0.1";
    static final String DEFAULT_PORT = "8631";

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDefaults.class);

    @Activate
    public EmbeddedDefaults(BundleContext context, @Reference ConfigurationAdmin configAdmin)
            throws IOException, InvalidSyntaxException {
        configureHttp(configAdmin, property(context, "printhub.http.host", DEFAULT_HOST),
                property(context, "printhub.http.port", DEFAULT_PORT));
        String deploy = context.getProperty("felix.fileinstall.dir");
        Path deployDir = deploy == null || deploy.isBlank() ? null : Paths.get(deploy);
        if (deployDir != null) {
            Files.createDirectories(deployDir);
        }
        if (!"false".equalsIgnoreCase(property(context, "printhub.defaults", "true"))
                && !hasDeviceFiles(deployDir)) {
            createDefaultPrinters(configAdmin);
        }
        createDefaultConverters(configAdmin, ghostscript());
    }

    static void configureHttp(ConfigurationAdmin configAdmin, String host, String port) throws IOException {
        int portNumber;
        try {
            portNumber = Integer.parseInt(port.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("printhub.http.port is not a port number: " + port, e);
        }
        Configuration http = configAdmin.getConfiguration(HTTP_PID, "?");
        Dictionary<String, Object> p = http.getProperties() == null ? new Hashtable<>() : http.getProperties();
        p.put("org.apache.felix.http.enable", "true");
        p.put("org.apache.felix.http.host", host.trim());
        p.put("org.osgi.service.http.port", portNumber);
        p.put("org.apache.felix.http.name", "printhub");
        http.update(p);
        LOG.info("shared HTTP port: {}:{}", host.trim(), portNumber);
    }

    /**
     * FileInstall polls, so at start the printers of {@code deploy/} may not be configurations yet: the files
     * themselves decide, or the defaults would come and go with the timing.
     */
    static boolean hasDeviceFiles(Path deployDir) throws IOException {
        if (deployDir == null || !Files.isDirectory(deployDir)) {
            return false;
        }
        try (Stream<Path> files = Files.list(deployDir)) {
            return files.map(f -> f.getFileName().toString())
                    .anyMatch(n -> n.startsWith("org.printhub.device.")
                            && (n.endsWith(".cfg") || n.endsWith(".config")));
        }
    }

    static void createDefaultPrinters(ConfigurationAdmin configAdmin) throws IOException, InvalidSyntaxException {
        Configuration[] existing = configAdmin.listConfigurations("(service.factoryPid=org.printhub.device.*)");
        if (existing != null && existing.length > 0) {
            return;
        }
        create(configAdmin, "org.printhub.device.file", "pdf", Map.of("name", "Save to file"));
        create(configAdmin, "org.printhub.device.virtual", "demo", Map.of("name", "Virtual printer",
                "pagesPerMinute", 60));
        // OctoPrint has one instance per printer, so none without a configuration: the demo printer gets one
        create(configAdmin, OCTOPRINT_PID, "demo", Map.of("device.id", "demo"));
        LOG.info("created the default printers 'pdf' (file) and 'demo' (virtual, also behind OctoPrint's API); "
                + "-Dprinthub.defaults=false starts without them");
    }

    static final String CONVERTER_PID = "org.printhub.convert.command";
    static final String OCTOPRINT_PID = "org.printhub.api.octoprint";

    /**
     * PDF to PostScript with Ghostscript, when it is installed and no converter is configured: printers that take
     * PostScript but not PDF (many LPD and raw 9100 printers) then print PDFs.
     */
    static void createDefaultConverters(ConfigurationAdmin configAdmin, Optional<Path> gs)
            throws IOException, InvalidSyntaxException {
        Configuration[] existing = configAdmin.listConfigurations("(service.factoryPid=" + CONVERTER_PID + ")");
        if (gs.isEmpty() || (existing != null && existing.length > 0)) {
            return;
        }
        create(configAdmin, CONVERTER_PID, "pdf-to-postscript", Map.of("converter.from", "application/pdf",
                "converter.to", "application/postscript", "command",
                gs.get() + " -q -dSAFER -dBATCH -dNOPAUSE -sDEVICE=ps2write -sOutputFile=- -"));
    }

    static Optional<Path> ghostscript() {
        String path = System.getenv("PATH");
        for (String dir : (path == null ? "/usr/bin" : path).split(java.io.File.pathSeparator)) {
            Path gs = Paths.get(dir, "gs");
            if (!dir.isEmpty() && Files.isExecutable(gs)) {
                return Optional.of(gs);
            }
        }
        return Optional.empty();
    }

    private static void create(ConfigurationAdmin configAdmin, String factoryPid, String name,
            Map<String, Object> properties) throws IOException {
        Configuration c = configAdmin.getFactoryConfiguration(factoryPid, name, "?");
        if (c.getProperties() == null) {
            c.update(new Hashtable<>(properties));
        }
    }

    private static String property(BundleContext context, String key, String fallback) {
        String v = context.getProperty(key);
        return v == null || v.isBlank() ? fallback : v;
    }
}
