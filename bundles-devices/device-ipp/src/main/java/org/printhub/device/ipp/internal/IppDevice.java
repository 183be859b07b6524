package org.printhub.device.ipp.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLContext;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.printhub.device.Device;
import org.printhub.device.DeviceException;
import org.printhub.device.DeviceIds;
import org.printhub.device.DeviceInfo;
import org.printhub.device.PrintTask;
import org.printhub.device.ipp.internal.transport.HttpIppTransport;
import org.printhub.device.ipp.internal.transport.IppTransport;
import org.printhub.device.ipp.internal.transport.TlsTrust;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A printer reached over IPP or IPPS. Activation only checks the configuration; the printer is first asked what
 * it takes (Get-Printer-Attributes) when the first job prints, and again after a failure.
 *
 * <p>A configuration whose URI or trust settings are unusable still registers the device, so that its jobs stop
 * with the reason instead of waiting silently for a printer that never appears; fixing the configuration
 * replaces the component and the jobs print.
 */
@Component(service = Device.class, configurationPid = IppDevice.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = Config.class, factory = true)
public class IppDevice implements Device {
    static final String PID = "org.printhub.device.ipp";
    private static final Logger LOG = LoggerFactory.getLogger(IppDevice.class);

    private final DeviceInfo info;
    private final String configurationProblem;
    private final IppTransport transport;
    private final IppPrinter printer;
    private final String userName;
    private final Duration pollInterval;
    private final Duration busyLimit;
    private final AtomicReference<PrinterCapabilities> capabilities = new AtomicReference<>();
    private final Map<Long, RemoteJob> remoteJobs = new ConcurrentHashMap<>();

    @Activate
    public IppDevice(Config config, Map<String, Object> properties) {
        String id = DeviceIds.fromConfiguration(properties);
        String configuredUri = config.uri() == null ? "" : config.uri().trim();
        String shownUri = HttpIppTransport.withoutUserInfo(configuredUri);
        this.info = DeviceInfo.builder(id, "ipp")
                .name(config.name())
                .location(config.location())
                .makeAndModel("IPP printer")
                .uri(shownUri)
                .documentFormats(config.documentFormats())
                .build();
        this.userName = config.userName().trim();
        this.pollInterval = Duration.ofMillis(Math.max(100, config.pollIntervalMillis()));
        this.busyLimit = Duration.ofSeconds(Math.max(0, config.busyRetrySeconds()));
        IppTransport t = null;
        IppPrinter p = null;
        String problem = null;
        try {
            URI uri = printerUri(configuredUri, shownUri);
            t = new HttpIppTransport(uri, trust(config), Duration.ofSeconds(Math.max(1, config.connectTimeoutSeconds())));
            p = new IppPrinter(t, uri, Duration.ofSeconds(Math.max(1, config.idleTimeoutSeconds())));
        } catch (IllegalArgumentException e) {
            problem = e.getMessage();
            LOG.error("device {}: bad configuration, its jobs will stop until it is fixed: {}", id, problem);
        }
        this.transport = t;
        this.printer = p;
        this.configurationProblem = problem;
    }

    /** @param shown the URI without any user name or password, for messages */
    private static URI printerUri(String text, String shown) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("no printer URI: set uri, e.g. ipp://printer.example/ipp/print");
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the printer URI '" + shown + "' is not a URI");
        }
        HttpIppTransport.httpUri(uri);
        return uri;
    }

    private static SSLContext trust(Config config) {
        return switch (config.tlsTrust().trim()) {
            case "system", "" -> TlsTrust.system();
            case "accept-any" -> TlsTrust.acceptAny();
            case "truststore" -> {
                if (config.trustStore().isBlank()) {
                    throw new IllegalArgumentException("tlsTrust=truststore needs trustStore, a PKCS12 or JKS file");
                }
                yield TlsTrust.trustStore(Path.of(config.trustStore().trim()),
                        config.trustStorePassword().isEmpty() ? null : config.trustStorePassword().toCharArray());
            }
            default -> throw new IllegalArgumentException("tlsTrust must be system, truststore or accept-any, not '"
                    + config.tlsTrust() + "'");
        };
    }

    @Deactivate
    void deactivate() {
        if (transport != null) {
            transport.close();
        }
    }

    @Override
    public DeviceInfo info() {
        return info;
    }

    @Override
    public void print(PrintTask task) throws DeviceException, InterruptedException {
        if (configurationProblem != null) {
            throw DeviceException.retryable(PrintAttempt.OTHER, "device configuration: " + configurationProblem);
        }
        try {
            new PrintAttempt(info.id(), printer, capabilities, remoteJobs, pollInterval, busyLimit, task, userName)
                    .run();
        } catch (DeviceException e) {
            if (e.retryable()) {
                capabilities.set(null); // the printer may have been replaced or reconfigured: ask again next time
            }
            LOG.warn("device {}: job {}: {} ({})", info.id(), task.job().id(), e.getMessage(), e.reason());
            throw e;
        }
    }
}
