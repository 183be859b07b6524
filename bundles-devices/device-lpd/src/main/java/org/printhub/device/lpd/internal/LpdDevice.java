package org.printhub.device.lpd.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.printhub.device.Device;
import org.printhub.device.DeviceException;
import org.printhub.device.DeviceIds;
import org.printhub.device.DeviceInfo;
import org.printhub.device.PrintTask;
import org.printhub.device.tcp.DocumentSender;
import org.printhub.device.tcp.Endpoint;
import org.printhub.device.tcp.TcpConnection;
import org.printhub.device.tcp.TcpFailures;
import org.printhub.job.DocumentInfo;
import org.printhub.job.Job;
import org.printhub.job.JobStateReasons;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A queue on an LPD server: one connection per job, carrying its documents as literal data files and a control
 * file naming the owner, the job name and this host. Copies are repeated print lines, which the server expands.
 * The job is done when the server has acknowledged the last file; every failure before that stops it with a
 * retryable reason (a refusal included: a missing queue or a full spool is the server's to fix), and closing the
 * connection early makes the server discard what it had of the job.
 */
@Component(service = Device.class, configurationPid = LpdDevice.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = Config.class, factory = true)
public class LpdDevice implements Device {
    static final String PID = "org.printhub.device.lpd";
    private static final Logger LOG = LoggerFactory.getLogger(LpdDevice.class);
    private static final List<Integer> RESERVED_PORTS = IntStream.rangeClosed(721, 731).boxed().toList();
    private static final Pattern QUEUE = Pattern.compile("[!-~&&[^/]]{1,127}");
    private static final int MAX_COPIES = 999;

    private final DeviceInfo info;
    private final Endpoint endpoint;
    private final String queue;
    private final List<Integer> localPorts;
    private final boolean ephemeralFallback;
    private final String clientHost;
    private final boolean banner;
    private final boolean controlFileFirst;

    @Activate
    public LpdDevice(Config config, Map<String, Object> properties) {
        this.endpoint = Endpoint.of(config.host(), config.port(), config.connectTimeoutSeconds(),
                config.ioTimeoutSeconds());
        this.queue = config.queue().trim();
        if (!QUEUE.matcher(queue).matches()) {
            throw new IllegalArgumentException("queue must be 1 to 127 printable ASCII characters without spaces "
                    + "or '/': '" + config.queue() + "'");
        }
        switch (config.sourcePort().trim()) {
            case "auto" -> {
                localPorts = RESERVED_PORTS;
                ephemeralFallback = true;
            }
            case "reserved" -> {
                localPorts = RESERVED_PORTS;
                ephemeralFallback = false;
            }
            case "any" -> {
                localPorts = List.of();
                ephemeralFallback = true;
            }
            default -> throw new IllegalArgumentException(
                    "sourcePort must be auto, reserved or any, not '" + config.sourcePort() + "'");
        }
        this.clientHost = config.clientHost().isBlank() ? "" : ControlFile.hostName(config.clientHost().trim());
        this.banner = config.banner();
        this.controlFileFirst = config.controlFileFirst();
        this.info = DeviceInfo.builder(DeviceIds.fromConfiguration(properties), "lpd")
                .name(config.name())
                .location(config.location())
                .makeAndModel("LPD queue " + queue)
                .uri("lpd://" + endpoint + "/" + queue)
                .documentFormats(config.documentFormats())
                .build();
    }

    @Override
    public DeviceInfo info() {
        return info;
    }

    @Override
    public void print(PrintTask task) throws DeviceException, InterruptedException {
        Job job = task.job();
        List<DocumentInfo> documents = task.documents();
        if (documents.size() > ControlFile.LETTERS.length()) {
            throw DeviceException.fatal(JobStateReasons.ABORTED_BY_SYSTEM, "LPD takes at most "
                    + ControlFile.LETTERS.length() + " documents in a job; this one has " + documents.size());
        }
        ControlFile control = new ControlFile(job, clientHost.isEmpty() ? localHostName() : clientHost, banner,
                Math.min(Math.max(1, job.ticket().copies()), MAX_COPIES));
        DocumentSender sender = new DocumentSender();
        task.checkpoint();
        try (TcpConnection connection = TcpConnection.open(endpoint, localPorts, ephemeralFallback)) {
            LOG.debug("device {}: job {} from local port {}", info.id(), job.id(), connection.localPort());
            LpdClient lpd = new LpdClient(connection);
            lpd.receiveJob(queue);
            if (controlFileFirst) {
                lpd.controlFile(control.name(), control.bytes());
            }
            for (DocumentInfo document : documents) {
                task.checkpoint();
                task.reportMessage("sending " + document.name() + " (" + document.size() + " bytes) to " + info.uri());
                lpd.dataFile(control.dataFileName(document.index()), document.size());
                sender.sendExactly(task, document, connection);
                lpd.endOfFile("data file " + control.dataFileName(document.index()));
            }
            if (!controlFileFirst) {
                lpd.controlFile(control.name(), control.bytes());
            }
            connection.finished();
            task.reportMessage("queued on " + info.uri() + " as " + control.name() + " (" + sender.sent() + " bytes)");
        } catch (IOException e) {
            DeviceException failure = TcpFailures.toDeviceException(endpoint, e,
                    "after " + sender.sent() + " of " + job.size() + " bytes");
            if (e instanceof LpdClient.Refused) {
                failure = DeviceException.retryable("other", e.getMessage() + " (" + info.uri() + ")", e);
            }
            LOG.warn("device {}: job {} stopped: {}", info.id(), job.id(), failure.getMessage());
            throw failure;
        }
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "printhub"; // a machine whose own name does not resolve still prints
        }
    }
}
