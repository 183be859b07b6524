package org.printhub.device.socket.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A printer on a raw TCP port: one connection per job, every document sent unchanged, in order. Optionally
 * wrapped in PJL, and optionally finished only on the printer's PJL end-of-job echo. Without the echo the job is
 * done when the printer, told that nothing more comes, closes the connection (or keeps it open past the I/O
 * timeout, which some printers do: the bytes are then all delivered, and that is logged). Every network failure
 * stops the job with a retryable reason.
 */
@Component(service = Device.class, configurationPid = SocketDevice.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = Config.class, factory = true)
public class SocketDevice implements Device {
    static final String PID = "org.printhub.device.socket";
    private static final Logger LOG = LoggerFactory.getLogger(SocketDevice.class);

    private final DeviceInfo info;
    private final Endpoint endpoint;
    private final boolean pjl;
    private final boolean waitForEndOfJob;
    private final Duration endOfJobTimeout;

    @Activate
    public SocketDevice(Config config, Map<String, Object> properties) {
        this.endpoint = Endpoint.of(config.host(), config.port(), config.connectTimeoutSeconds(),
                config.ioTimeoutSeconds());
        if (config.waitForEndOfJob() && !config.pjl()) {
            throw new IllegalArgumentException("waitForEndOfJob needs pjl=true: the end-of-job echo is PJL's");
        }
        if (config.endOfJobTimeoutSeconds() < 1) {
            throw new IllegalArgumentException("endOfJobTimeoutSeconds must be 1 or more");
        }
        this.pjl = config.pjl();
        this.waitForEndOfJob = config.waitForEndOfJob();
        this.endOfJobTimeout = Duration.ofSeconds(config.endOfJobTimeoutSeconds());
        this.info = DeviceInfo.builder(DeviceIds.fromConfiguration(properties), "socket")
                .name(config.name())
                .location(config.location())
                .makeAndModel(pjl ? "Raw socket printer (PJL)" : "Raw socket printer")
                .uri("socket://" + endpoint)
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
        PjlJob wrapper = pjl ? new PjlJob(job.id(), job.name(), waitForEndOfJob) : null;
        DocumentSender sender = new DocumentSender();
        task.checkpoint();
        try (TcpConnection connection = TcpConnection.open(endpoint)) {
            if (wrapper != null) {
                connection.write(wrapper.header());
            }
            for (DocumentInfo document : task.documents()) {
                task.checkpoint();
                task.reportMessage("sending " + document.name() + " (" + document.size() + " bytes) to " + endpoint);
                sender.send(task, document, connection);
            }
            if (wrapper != null) {
                connection.write(wrapper.footer());
            }
            if (waitForEndOfJob) {
                task.reportMessage("sent " + sender.sent() + " bytes; waiting for the printer to finish");
                awaitEndOfJob(connection, wrapper);
                wrapper.pages().ifPresent(task::reportPages);
            } else {
                connection.shutdownOutput();
                if (!connection.awaitClose(endpoint.ioTimeout())) {
                    LOG.info("{} kept the connection open {} s after job {}; all {} bytes were delivered",
                            endpoint, endpoint.ioTimeout().toSeconds(), job.id(), sender.sent());
                }
                if (job.pageCount() != Job.UNKNOWN) {
                    task.reportPages(job.pageCount() * job.ticket().copies());
                }
            }
            connection.finished();
            task.reportMessage("sent " + sender.sent() + " bytes to " + endpoint
                    + (wrapper != null && waitForEndOfJob ? "; the printer reported the end of the job" : ""));
        } catch (IOException e) {
            DeviceException failure = TcpFailures.toDeviceException(endpoint, e, "after " + sender.sent() + " of "
                    + job.size() + " bytes");
            LOG.warn("device {}: job {} stopped: {}", info.id(), job.id(), failure.getMessage());
            throw failure;
        }
    }

    private void awaitEndOfJob(TcpConnection connection, PjlJob wrapper) throws IOException {
        byte[] buffer = new byte[4096];
        long deadline = System.nanoTime() + endOfJobTimeout.toNanos();
        while (!wrapper.ended()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TcpConnection.TimedOutException("no PJL end-of-job from " + endpoint + " within "
                        + endOfJobTimeout.toSeconds() + " s for job \"" + wrapper.name() + "\"");
            }
            int n;
            try {
                n = connection.read(buffer, 0, buffer.length, Duration.ofNanos(left));
            } catch (TcpConnection.TimedOutException e) {
                continue;
            }
            if (n < 0) {
                throw new IOException("the printer closed the connection before reporting the end of job \""
                        + wrapper.name() + "\"");
            }
            wrapper.accept(buffer, 0, n);
        }
    }
}
