package org.printhub.device.command.internal;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.printhub.device.Device;
import org.printhub.device.DeviceException;
import org.printhub.device.DeviceIds;
import org.printhub.device.DeviceInfo;
import org.printhub.device.PrintTask;
import org.printhub.job.DocumentInfo;
import org.printhub.job.Job;
import org.printhub.job.JobStateReasons;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A printer that is a program: each document of a job is piped into one run of the configured command, whose
 * arguments carry job values (see {@link CommandLine}). Exit code 0 means printed; a configured abort code means
 * the document is bad; any other code, a program that cannot be started, or one that runs past its time stops the
 * job to be retried, with the program's last output line as the reason. The same values are in the program's
 * environment as {@code PRINTHUB_<TOKEN>}.
 */
@Component(service = Device.class, configurationPid = CommandDevice.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = Config.class, factory = true)
public class CommandDevice implements Device {
    static final String PID = "org.printhub.device.command";
    private static final Logger LOG = LoggerFactory.getLogger(CommandDevice.class);
    private static final int BUFFER_BYTES = 64 * 1024;
    private static final long CHECKPOINT_BYTES = 1024 * 1024;

    private final DeviceInfo info;
    private final CommandLine command;
    private final Path workingDirectory;
    private final Duration timeout;
    private final Set<Integer> abortExitCodes;

    @Activate
    public CommandDevice(Config config, Map<String, Object> properties) {
        this.command = CommandLine.parse(config.command());
        if (config.timeoutSeconds() < 1 || config.timeoutSeconds() > 86_400) {
            throw new IllegalArgumentException("timeoutSeconds must be 1 to 86400, not " + config.timeoutSeconds());
        }
        this.timeout = Duration.ofSeconds(config.timeoutSeconds());
        this.workingDirectory = config.workingDirectory().isBlank() ? null : Path.of(config.workingDirectory().trim());
        this.abortExitCodes = Arrays.stream(config.abortExitCodes()).boxed().collect(Collectors.toUnmodifiableSet());
        if (abortExitCodes.contains(0)) {
            throw new IllegalArgumentException("abortExitCodes cannot hold 0, which means printed");
        }
        this.info = DeviceInfo.builder(DeviceIds.fromConfiguration(properties), "command")
                .name(config.name())
                .location(config.location())
                .makeAndModel("Command " + command.program())
                .uri(command.program())
                .documentFormats(config.documentFormats())
                .build();
        String program = command.program();
        if (program.contains(File.separator) && !Files.isExecutable(Path.of(program))) {
            // not fatal here: it may be installed later, and until then each job says why it waits
            LOG.warn("device {}: command {} is not an executable file", info.id(), program);
        }
    }

    @Override
    public DeviceInfo info() {
        return info;
    }

    @Override
    public void print(PrintTask task) throws DeviceException, InterruptedException {
        Job job = task.job();
        for (DocumentInfo document : task.documents()) {
            task.checkpoint();
            task.reportMessage("running " + command.program() + " for " + document.name());
            ProgramRun.Outcome outcome = run(task, document);
            String output = lastLine(outcome.outputTail());
            if (outcome.feedFailure() != null) {
                throw new DeviceException(JobStateReasons.DOCUMENT_ACCESS_ERROR, "cannot read document " + document
                        + ": " + outcome.feedFailure().getMessage(), false, outcome.feedFailure());
            }
            if (task.isCanceled()) {
                throw new InterruptedException("canceled while " + command.program() + " ran");
            }
            if (outcome.exitCode() != 0) {
                String message = command.program() + " exited with " + outcome.exitCode()
                        + (output.isEmpty() ? "" : ": " + output);
                LOG.warn("device {}: job {} stopped: {}; its output ended: {}", info.id(), job.id(), message,
                        outcome.outputTail());
                throw new DeviceException(abortExitCodes.contains(outcome.exitCode())
                        ? JobStateReasons.DOCUMENT_FORMAT_ERROR : "other", message,
                        !abortExitCodes.contains(outcome.exitCode()), null);
            }
            if (outcome.stoppedReading() && outcome.fed() < document.size()) {
                LOG.info("device {}: job {}: {} exited with 0 after taking {} of {} bytes of {}", info.id(), job.id(),
                        command.program(), outcome.fed(), document.size(), document.name());
            }
            task.reportMessage(command.program() + " took " + outcome.fed() + " bytes of " + document.name()
                    + (output.isEmpty() ? "" : ": " + output));
        }
    }

    private ProgramRun.Outcome run(PrintTask task, DocumentInfo document)
            throws DeviceException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command.expand(task.job(), document, info.id()));
        if (workingDirectory != null) {
            builder.directory(workingDirectory.toFile());
        }
        CommandLine.values(task.job(), document, info.id())
                .forEach((k, v) -> builder.environment().put("PRINTHUB_" + k.toUpperCase(Locale.ROOT), v));
        try {
            return ProgramRun.run(builder, stdin -> feed(task, document, stdin), timeout);
        } catch (ProgramRun.TimedOut e) {
            String message = command.program() + " " + e.getMessage();
            LOG.warn("device {}: job {} stopped: {}", info.id(), task.job().id(), message);
            throw DeviceException.retryable("timed-out", message);
        } catch (IOException e) {
            String message = "cannot run " + command.program() + ": " + startFailure(e);
            LOG.warn("device {}: job {} stopped: {}", info.id(), task.job().id(), message);
            throw DeviceException.retryable("other", message, e);
        }
    }

    private static long feed(PrintTask task, DocumentInfo document, OutputStream stdin)
            throws IOException, InterruptedException {
        byte[] buffer = new byte[BUFFER_BYTES];
        long total = 0;
        long sinceCheckpoint = 0;
        try (InputStream in = task.openDocument(document.index())) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                stdin.write(buffer, 0, n);
                total += n;
                sinceCheckpoint += n;
                if (sinceCheckpoint >= CHECKPOINT_BYTES) {
                    task.checkpoint();
                    sinceCheckpoint = 0;
                }
            }
        }
        return total;
    }

    /** Java says {@code Cannot run program "x": error=2, No such file or directory}; the last part is the reason. */
    private static String startFailure(IOException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        String m = String.valueOf(cause.getMessage());
        return m.replaceFirst("^error=\\d+, ", "");
    }

    private static String lastLine(String output) {
        String[] lines = output.split("\\R");
        String last = lines[lines.length - 1].strip();
        return last.length() > 200 ? last.substring(0, 200) : last;
    }
}
