package org.printhub.device.file.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.printhub.device.Device;
import org.printhub.device.DeviceException;
import org.printhub.device.DeviceIds;
import org.printhub.device.DeviceInfo;
import org.printhub.device.PrintTask;
import org.printhub.device.Interrupts;
import org.printhub.device.file.internal.OutputDirectory.PendingFile;
import org.printhub.job.DataDirectory;
import org.printhub.job.DocumentInfo;
import org.printhub.job.Job;
import org.printhub.job.JobStateReasons;

/**
 * A printer that writes each document of a job to its own file in a directory.
 *
 * <p>A reader of the directory only ever sees whole files, and an existing file is never replaced (see
 * {@link OutputDirectory}). Copies are not multiplied: each document is written once, and {@code {copies}} can
 * carry the count into the file name. Failures: a full disk is a retryable {@code output-area-full}, any other
 * error writing the directory a retryable {@code other}; a spooled document that cannot be read aborts the job
 * with {@code document-access-error}.
 */
@Component(service = Device.class, configurationPid = FileDevice.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = Config.class, factory = true)
public class FileDevice implements Device {
    static final String PID = "org.printhub.device.file";
    private static final int BUFFER_BYTES = 64 * 1024;
    private static final long CHECKPOINT_BYTES = 1024 * 1024;

    private final DeviceInfo info;
    private final FileNamePattern fileNames;
    private final OutputDirectory output;

    @Activate
    public FileDevice(Config config, Map<String, Object> properties, BundleContext context) {
        this(config, properties, DataDirectory.of(context));
    }

    FileDevice(Config config, Map<String, ?> properties, Path dataDirectory) {
        String id = DeviceIds.fromConfiguration(properties);
        Path dir = config.directory().isBlank() ? dataDirectory.resolve("output").resolve(id)
                : dataDirectory.resolve(config.directory().trim());
        this.output = new OutputDirectory(dir.toAbsolutePath().normalize());
        this.fileNames = FileNamePattern.parse(config.fileName());
        this.info = DeviceInfo.builder(id, "file")
                .name(config.name())
                .location(config.location())
                .makeAndModel("Printhub file output")
                .uri(output.path().toUri().toString())
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
        long total = 0;
        for (DocumentInfo document : task.documents()) {
            task.checkpoint();
            String name = fileNames.expand(job, document, info.id(), Instant.now());
            try (PendingFile file = output.create()) {
                long bytes = copy(task, document, file);
                Path written = file.publish(name);
                total += bytes;
                task.reportMessage("wrote " + bytes + " bytes to " + written);
            }
        }
        if (task.documents().size() != 1) {
            task.reportMessage("wrote " + task.documents().size() + " files, " + total + " bytes, to " + output.path());
        }
        if (job.pageCount() != Job.UNKNOWN) {
            task.reportPages(job.pageCount());
        }
    }

    private static long copy(PrintTask task, DocumentInfo document, PendingFile file)
            throws DeviceException, InterruptedException {
        byte[] buffer = new byte[BUFFER_BYTES];
        long total = 0;
        long sinceCheckpoint = 0;
        try (InputStream in = task.openDocument(document.index())) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                file.write(buffer, 0, n);
                total += n;
                sinceCheckpoint += n;
                if (sinceCheckpoint >= CHECKPOINT_BYTES) {
                    task.checkpoint();
                    sinceCheckpoint = 0;
                }
            }
            return total;
        } catch (IOException e) {
            Interrupts.rethrowIfInterrupt(e);
            // the spool wrote and synced this document before the job was accepted: retrying cannot help
            throw new DeviceException(JobStateReasons.DOCUMENT_ACCESS_ERROR,
                    "cannot read document " + document + ": " + e.getMessage(), false, e);
        }
    }
}
