package org.printhub.device.virtual.internal;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.printhub.device.Device;
import org.printhub.device.DeviceException;
import org.printhub.device.DeviceIds;
import org.printhub.device.DeviceInfo;
import org.printhub.device.Interrupts;
import org.printhub.device.PrintTask;
import org.printhub.job.DocumentInfo;
import org.printhub.job.Job;
import org.printhub.job.JobStateReasons;

/**
 * A simulated printer. It reads every byte of a job, prints its pages (the job's page count, or one per
 * {@code bytesPerPage} of each document, times the copies) at the configured rate, and ends with the message
 * {@code printed <pages> pages, <bytes> bytes, sha256 <hex>}, the digest being that of all documents in order,
 * so a test can check through the job what the device received. A configured {@link Fault} stops the job with
 * a retryable {@link DeviceException} carrying the fault's IPP printer-state-reason.
 */
@Component(service = Device.class, configurationPid = VirtualDevice.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = Config.class, factory = true)
public class VirtualDevice implements Device {
    static final String PID = "org.printhub.device.virtual";
    private static final int BUFFER_BYTES = 64 * 1024;

    private final DeviceInfo info;
    private final long nanosPerPage;
    private final int bytesPerPage;
    private final FaultSchedule faults;
    private final LongSupplier nanoTime;

    @Activate
    public VirtualDevice(Config config, Map<String, Object> properties) {
        this(config, properties, System::nanoTime);
    }

    VirtualDevice(Config config, Map<String, ?> properties, LongSupplier nanoTime) {
        if (config.pagesPerMinute() < 0 || config.bytesPerPage() < 1) {
            throw new IllegalArgumentException("pagesPerMinute must be 0 or more and bytesPerPage 1 or more");
        }
        this.nanosPerPage = config.pagesPerMinute() == 0 ? 0 : TimeUnit.MINUTES.toNanos(1) / config.pagesPerMinute();
        this.bytesPerPage = config.bytesPerPage();
        this.faults = new FaultSchedule(config.fault(), config.faultAtPage(), config.faultClears(), nanoTime);
        this.nanoTime = nanoTime;
        this.info = DeviceInfo.builder(DeviceIds.fromConfiguration(properties), "virtual")
                .name(config.name())
                .location(config.location())
                .makeAndModel("Printhub Virtual Printer")
                .color(config.color())
                .duplex(config.duplex())
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
        int perCopy = job.pageCount() != Job.UNKNOWN ? job.pageCount() : pagesFromSize(job);
        int pages = perCopy * job.ticket().copies();
        long size = job.size();
        Pacer pacer = new Pacer(nanosPerPage, nanoTime);
        MessageDigest digest = sha256();
        byte[] buffer = new byte[BUFFER_BYTES];
        long read = 0;
        int printed = 0;
        task.reportMessage("printing " + pages + " pages");
        for (DocumentInfo document : task.documents()) {
            task.checkpoint();
            try (InputStream in = task.openDocument(document.index())) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    digest.update(buffer, 0, n);
                    read += n;
                    // the first copy's pages come out as their share of the bytes arrives
                    while (printed < perCopy && (double) read * perCopy >= (double) (printed + 1) * size) {
                        printed = printPage(task, printed, pacer);
                    }
                }
            } catch (IOException e) {
                throw unreadable(document, e);
            }
        }
        while (printed < pages) {
            printed = printPage(task, printed, pacer);
        }
        task.reportMessage("printed " + printed + " pages, " + read + " bytes, sha256 "
                + HexFormat.of().formatHex(digest.digest()));
    }

    private int printPage(PrintTask task, int printed, Pacer pacer) throws DeviceException, InterruptedException {
        task.checkpoint();
        faults.beforePage(printed);
        pacer.awaitNextPage();
        task.reportPages(printed + 1);
        return printed + 1;
    }

    private int pagesFromSize(Job job) {
        long pages = 0;
        for (DocumentInfo document : job.documents()) {
            pages += Math.max(1, (document.size() + bytesPerPage - 1) / bytesPerPage);
        }
        return (int) Math.min(pages, Integer.MAX_VALUE / job.ticket().copies());
    }

    private static DeviceException unreadable(DocumentInfo document, IOException e) throws InterruptedException {
        Interrupts.rethrowIfInterrupt(e);
        return new DeviceException(JobStateReasons.DOCUMENT_ACCESS_ERROR,
                "cannot read document " + document + ": " + e.getMessage(), false, e);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
