package org.printhub.shell.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.printhub.device.DeviceInfo;
import org.printhub.job.DocumentSource;
import org.printhub.job.Job;
import org.printhub.job.JobService;
import org.printhub.job.JobSubmission;
import org.printhub.job.PrinterService;
import org.printhub.job.PrinterStatus;

/**
 * What a field engineer sets printers up with: add and remove device configurations (as files in the watched
 * {@code deploy/} directory, so they survive a restart), show one, print a test page, and see which drivers are
 * installed and which configurations wait for a driver.
 */
@Component(service = DeviceSetupCommands.class)
@GogoCommand(scope = "device", function = { "add", "remove", "show", "test", "drivers" })
public final class DeviceSetupCommands {
    static final String DRIVER_PREFIX = "org.printhub.device.";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern KEY = Pattern.compile("[A-Za-z_.][A-Za-z0-9_.-]*");
    private static final long APPEAR_MILLIS = 5_000;

    private final BundleContext context;
    private final ConfigurationAdmin configAdmin;
    private final MetaTypeService metaType;
    private final PrinterService printers;
    private final JobService jobs;

    @Activate
    public DeviceSetupCommands(BundleContext context, @Reference ConfigurationAdmin configAdmin,
            @Reference MetaTypeService metaType, @Reference PrinterService printers, @Reference JobService jobs) {
        this.context = context;
        this.configAdmin = configAdmin;
        this.metaType = metaType;
        this.printers = printers;
        this.jobs = jobs;
    }

    @Descriptor("add a printer: a configuration of a driver, written to deploy/ so it survives a restart")
    public String add(@Descriptor("driver, e.g. ipp, socket, lpd, command, file, virtual") String driver,
            @Descriptor("printer id") String id,
            @Descriptor("settings as key=value, e.g. uri=ipp://10.0.0.5/ipp/print") String... settings)
            throws IOException, InterruptedException {
        String pid = factoryPid(driver);
        String deviceId = checkId(id);
        if (printers.printer(deviceId).map(PrinterStatus::present).orElse(false) || configuration(deviceId).isPresent()) {
            throw new IllegalArgumentException("printer " + deviceId + " exists already; device:remove it first");
        }
        Map<String, String> properties = parse(settings);
        String where;
        Optional<Path> deploy = deployDirectory();
        if (deploy.isPresent()) {
            Path file = deploy.get().resolve(pid + "-" + deviceId + ".cfg");
            writeAtomically(file, properties);
            where = file.toString();
        } else {
            Configuration c = configAdmin.getFactoryConfiguration(pid, deviceId, "?");
            c.update(new java.util.Hashtable<>(properties));
            where = "configuration " + c.getPid() + " (no deploy/ directory: it lasts until the server stops)";
        }
        String driverNote = installedDrivers().containsKey(pid) ? ""
                : "; no driver for " + pid + " is installed, so it waits for one (see device:drivers)";
        long end = System.currentTimeMillis() + APPEAR_MILLIS;
        while (System.currentTimeMillis() < end && driverNote.isEmpty()) {
            Optional<PrinterStatus> p = printers.printer(deviceId);
            if (p.isPresent() && p.get().present()) {
                return "printer " + deviceId + " added from " + where;
            }
            Thread.sleep(100);
        }
        return "printer " + deviceId + " configured in " + where + driverNote
                + (driverNote.isEmpty() ? "; it has not appeared yet: check the log for the driver's complaint" : "");
    }

    @Descriptor("remove a printer's configuration; its waiting jobs stay queued until a printer with that id returns")
    public String remove(@Descriptor("printer id") String id) throws IOException, InvalidSyntaxException {
        String deviceId = checkId(id);
        Optional<Configuration> c = configuration(deviceId);
        if (c.isEmpty()) {
            throw new IllegalArgumentException("no configuration for printer " + deviceId);
        }
        Object file = c.get().getProperties().get("felix.fileinstall.filename");
        if (file != null) {
            Path path = Paths.get(java.net.URI.create(file.toString()));
            Files.deleteIfExists(path);
            return "printer " + deviceId + " removed (deleted " + path + ")";
        }
        c.get().delete();
        return "printer " + deviceId + " removed (configuration " + c.get().getPid() + ")";
    }

    @Descriptor("show a printer: state, capabilities and configuration (secrets hidden)")
    public Map<String, Object> show(@Descriptor("printer id") String id) throws IOException, InvalidSyntaxException {
        String deviceId = checkId(id);
        Optional<PrinterStatus> status = printers.printer(deviceId);
        Optional<Configuration> c = configuration(deviceId);
        if (status.isEmpty() && c.isEmpty()) {
            throw new IllegalArgumentException("no such printer: " + deviceId);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", deviceId);
        status.ifPresent(s -> {
            out.put("present", s.present());
            out.put("state", s.state().toString().toLowerCase(Locale.ROOT));
            out.put("reasons", String.join(", ", s.stateReasons()));
            if (!s.stateMessage().isEmpty()) {
                out.put("message", s.stateMessage());
            }
            out.put("queued", s.queuedJobs());
            out.put("paused", s.paused());
            s.info().ifPresent(info -> describe(info, out));
        });
        c.ifPresent(conf -> {
            out.put("configuration", conf.getPid());
            Object file = conf.getProperties().get("felix.fileinstall.filename");
            if (file != null) {
                out.put("file", file);
            }
            Map<String, Object> settings = new TreeMap<>();
            Dictionary<String, Object> p = conf.getProperties();
            for (Enumeration<String> keys = p.keys(); keys.hasMoreElements();) {
                String key = keys.nextElement();
                if (key.startsWith("service.") || key.startsWith("felix.") || key.startsWith("component.")) {
                    continue;
                }
                settings.put(key, secret(key) ? "********" : p.get(key));
            }
            out.put("settings", settings);
        });
        return out;
    }

    private static void describe(DeviceInfo info, Map<String, Object> out) {
        out.put("driver", info.driver());
        out.put("name", info.name());
        out.put("model", info.makeAndModel());
        if (info.uri() != null && !info.uri().isEmpty()) {
            out.put("uri", info.uri());
        }
        out.put("formats", String.join(", ", info.documentFormats()));
        out.put("colour", info.color());
        out.put("duplex", info.duplex());
    }

    @Descriptor("print a one-page test page on a printer")
    public Job test(@Descriptor("printer id") String id) {
        String deviceId = checkId(id);
        PrinterStatus status = printers.printer(deviceId).filter(PrinterStatus::present)
                .orElseThrow(() -> new IllegalArgumentException("printer " + deviceId + " is not present"));
        DeviceInfo info = status.info().orElseThrow();
        String format = List.of(TestPage.PDF, TestPage.POSTSCRIPT, TestPage.TEXT).stream().filter(info::accepts)
                .findFirst().orElse(TestPage.TEXT);
        if (!info.accepts(format)) {
            throw new IllegalArgumentException("printer " + deviceId + " takes none of PDF, PostScript or text ("
                    + String.join(", ", info.documentFormats()) + ")");
        }
        List<String> lines = List.of("Printhub test page", "", "Printer:  " + deviceId + " (" + info.name() + ")",
                "Driver:   " + info.driver(), "Model:    " + info.makeAndModel(), "Formats:  "
                        + String.join(", ", info.documentFormats()),
                "Printed:  " + Instant.now(), "", "If you can read this, the printer works.");
        byte[] page = TestPage.render(format, lines);
        String name = "Printhub test page";
        return jobs.submit(JobSubmission.to(deviceId).name(name).owner(JobCommands.owner()).origin(JobCommands.ORIGIN)
                .document(DocumentSource.of(name, format, () -> new ByteArrayInputStream(page))).build());
    }

    @Descriptor("list installed printer drivers, and printer configurations no installed driver serves")
    public List<String> drivers() throws IOException, InvalidSyntaxException {
        Map<String, Bundle> drivers = installedDrivers();
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Bundle> d : drivers.entrySet()) {
            int count = configurations(d.getKey()).length;
            out.add(String.format("%-10s %-32s %s %s, %d printer(s)", d.getKey().substring(DRIVER_PREFIX.length()),
                    d.getKey(), d.getValue().getSymbolicName(), d.getValue().getVersion(), count));
        }
        Configuration[] all = configAdmin.listConfigurations("(service.factoryPid=" + DRIVER_PREFIX + "*)");
        if (all != null) {
            for (Configuration c : all) {
                if (!drivers.containsKey(c.getFactoryPid())) {
                    out.add("no driver: " + c.getPid() + " (install the bundle that provides " + c.getFactoryPid()
                            + ")");
                }
            }
        }
        return out;
    }

    /** Factory PIDs of the installed drivers, from their metatype, and the bundle of each. */
    private Map<String, Bundle> installedDrivers() {
        Map<String, Bundle> found = new TreeMap<>();
        for (Bundle b : context.getBundles()) {
            if (b.getState() != Bundle.ACTIVE) {
                continue;
            }
            MetaTypeInformation info = metaType.getMetaTypeInformation(b);
            if (info == null) {
                continue;
            }
            for (String pid : info.getFactoryPids()) {
                if (pid.startsWith(DRIVER_PREFIX)) {
                    found.put(pid, b);
                }
            }
        }
        return found;
    }

    private Configuration[] configurations(String factoryPid) throws IOException, InvalidSyntaxException {
        Configuration[] c = configAdmin.listConfigurations("(service.factoryPid=" + factoryPid + ")");
        return c == null ? new Configuration[0] : c;
    }

    /** The configuration behind a printer id: its {@code device.id}, else its name after the {@code ~}. */
    private Optional<Configuration> configuration(String deviceId) {
        try {
            Configuration[] all = configAdmin.listConfigurations("(service.factoryPid=" + DRIVER_PREFIX + "*)");
            if (all == null) {
                return Optional.empty();
            }
            for (Configuration c : all) {
                Object explicit = c.getProperties() == null ? null : c.getProperties().get("device.id");
                String name = c.getPid().substring(c.getPid().indexOf('~') + 1);
                if (deviceId.equals(explicit) || (explicit == null && deviceId.equals(name))) {
                    return Optional.of(c);
                }
            }
            return Optional.empty();
        } catch (IOException | InvalidSyntaxException e) {
            throw new IllegalStateException("cannot read configurations: " + e.getMessage(), e);
        }
    }

    private Optional<Path> deployDirectory() {
        String dir = context.getProperty("felix.fileinstall.dir");
        if (dir == null || dir.isBlank()) {
            return Optional.empty();
        }
        Path p = Paths.get(dir.trim());
        return Files.isDirectory(p) ? Optional.of(p.toAbsolutePath()) : Optional.empty();
    }

    static String factoryPid(String driver) {
        String d = driver.trim();
        String pid = d.startsWith(DRIVER_PREFIX) ? d : DRIVER_PREFIX + d;
        if (!KEY.matcher(pid).matches() || pid.indexOf('-') >= 0 || pid.length() == DRIVER_PREFIX.length()) {
            throw new IllegalArgumentException("not a driver name: " + driver);
        }
        return pid;
    }

    static String checkId(String id) {
        String d = id == null ? "" : id.trim();
        if (!ID.matcher(d).matches()) {
            throw new IllegalArgumentException("not a printer id (letters, digits, '.', '_', '-'): " + id);
        }
        return d;
    }

    static Map<String, String> parse(String... settings) {
        Map<String, String> p = new LinkedHashMap<>();
        for (String s : settings == null ? new String[0] : settings) {
            int eq = s.indexOf('=');
            String key = eq < 0 ? s : s.substring(0, eq).trim();
            if (eq < 1 || !KEY.matcher(key).matches()) {
                throw new IllegalArgumentException("not a key=value setting: " + s);
            }
            p.put(key, s.substring(eq + 1));
        }
        return p;
    }

    static boolean secret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.startsWith(".") || k.contains("password") || k.contains("secret") || k.contains("token");
    }

    /** A .cfg in Java properties syntax, replaced in one move so FileInstall never reads half of it. */
    static void writeAtomically(Path file, Map<String, String> properties) throws IOException {
        Properties p = new Properties();
        p.putAll(properties);
        StringWriter text = new StringWriter();
        p.store(text, null);
        StringBuilder body = new StringBuilder("# written by device:add\n");
        text.toString().lines().filter(l -> !l.startsWith("#")).sorted().forEach(l -> body.append(l).append('\n'));
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.writeString(tmp, body, StandardCharsets.ISO_8859_1);
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
