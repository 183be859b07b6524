package org.printhub.shell.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.printhub.job.DocumentSource;
import org.printhub.job.Job;
import org.printhub.job.JobQuery;
import org.printhub.job.JobService;
import org.printhub.job.JobState;
import org.printhub.job.JobSubmission;
import org.printhub.job.PrinterService;
import org.printhub.job.PrinterStatus;

@Component(service = JobCommands.class)
@GogoCommand(scope = "job", function = { "list", "show", "submit", "cancel", "hold", "release", "restart",
        "priority", "move", "delete" })
public final class JobCommands {
    static final String ORIGIN = "shell";

    private static final Map<String, String> TYPES = Map.ofEntries(Map.entry("pdf", "application/pdf"),
            Map.entry("ps", "application/postscript"), Map.entry("txt", "text/plain"), Map.entry("html", "text/html"),
            Map.entry("htm", "text/html"), Map.entry("pcl", "application/vnd.hp-pcl"),
            Map.entry("pwg", "image/pwg-raster"), Map.entry("urf", "image/urf"), Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"), Map.entry("png", "image/png"), Map.entry("gcode", "text/x.gcode"),
            Map.entry("gco", "text/x.gcode"));

    private final JobService jobs;
    private final PrinterService printers;

    @Activate
    public JobCommands(@Reference JobService jobs, @Reference PrinterService printers) {
        this.jobs = jobs;
        this.printers = printers;
    }

    @Descriptor("list jobs, newest first: active ones unless -a or -s is given")
    public List<Job> list(
            @Descriptor("only these states, comma-separated (pending, pending-held, processing, "
                    + "processing-stopped, canceled, aborted, completed)")
            @Parameter(names = { "-s", "--state" }, absentValue = "") String states,
            @Descriptor("only jobs for this device") @Parameter(names = { "-d", "--device" }, absentValue = "") String device,
            @Descriptor("only jobs of this owner") @Parameter(names = { "-o", "--owner" }, absentValue = "") String owner,
            @Descriptor("at most this many jobs (1-1000)") @Parameter(names = { "-n", "--limit" }, absentValue = "50") String limit,
            @Descriptor("include ended jobs (canceled, aborted, completed)")
            @Parameter(names = { "-a", "--all" }, absentValue = "false", presentValue = "true") boolean all) {
        JobQuery.Builder q = JobQuery.builder().limit(Args.intIn("the limit", limit, 1, JobQuery.MAX_LIMIT));
        if (!states.isBlank()) {
            for (String s : Args.list(states)) {
                q.state(JobState.parse(s));
            }
        } else if (!all) {
            q.active();
        }
        if (!device.isBlank()) {
            q.deviceId(device.trim());
        }
        if (!owner.isBlank()) {
            q.owner(owner.trim());
        }
        return jobs.query(q.build()).jobs();
    }

    @Descriptor("show a job in detail")
    public Job show(@Descriptor("job id") String id) {
        return jobs.get(Args.jobId(id));
    }

    @Descriptor("print a file on the only (or first) present device")
    public Job submit(CommandSession session, @Descriptor("file to print") String file) {
        return submit(session, file, defaultDevice());
    }

    @Descriptor("print a file on a device")
    public Job submit(CommandSession session, @Descriptor("file to print") String file,
            @Descriptor("device id") String device) {
        Path path = resolve(session, file);
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new IllegalArgumentException("no readable file: " + path);
        }
        String name = path.getFileName().toString();
        JobSubmission submission = JobSubmission.to(device).name(name).owner(owner()).origin(ORIGIN)
                .document(DocumentSource.of(name, mimeType(name), () -> Files.newInputStream(path))).build();
        return jobs.submit(submission);
    }

    @Descriptor("cancel jobs")
    public List<String> cancel(@Descriptor("job ids") String... ids) {
        return Args.each(ids, "cancelled", jobs::cancel);
    }

    @Descriptor("delete ended jobs (completed, canceled, aborted) and their documents")
    public List<String> delete(@Descriptor("job ids") String... ids) {
        return Args.each(ids, "deleted", id -> {
            jobs.delete(id);
            return null;
        });
    }

    @Descriptor("hold pending jobs until released")
    public List<String> hold(@Descriptor("job ids") String... ids) {
        return Args.each(ids, "held", jobs::hold);
    }

    @Descriptor("release held jobs, optionally to another device")
    public List<String> release(
            @Descriptor("print on this device instead") @Parameter(names = { "-d", "--device" }, absentValue = "") String device,
            @Descriptor("job ids") String... ids) {
        String to = device.isBlank() ? null : device.trim();
        return Args.each(ids, to == null ? "released" : "released to " + to, id -> jobs.release(id, to));
    }

    @Descriptor("print ended jobs again")
    public List<String> restart(@Descriptor("job ids") String... ids) {
        return Args.each(ids, "restarted", jobs::restart);
    }

    @Descriptor("set a job's priority: among a device's pending jobs, higher prints first")
    public Job priority(@Descriptor("job id") String id, @Descriptor("priority, 1 (lowest) to 100 (highest)") String priority) {
        long jobId = Args.jobId(id);
        return jobs.setPriority(jobId, Args.intIn("the priority", priority, 1, 100));
    }

    @Descriptor("move a job that is not printing to another device")
    public Job move(@Descriptor("job id") String id, @Descriptor("device id") String device) {
        return jobs.move(Args.jobId(id), device.trim());
    }

    private String defaultDevice() {
        Optional<PrinterStatus> first = printers.printers().stream().filter(PrinterStatus::present)
                .min(Comparator.comparing(PrinterStatus::id));
        return first.orElseThrow(() -> new IllegalArgumentException(
                "no device is present to print on; add one, or name one: job:submit <file> <device>")).id();
    }

    private static Path resolve(CommandSession session, String file) {
        Path dir = session == null ? null : session.currentDir();
        return (dir == null ? Paths.get(file) : dir.resolve(file)).toAbsolutePath().normalize();
    }

    static String owner() {
        String user = System.getProperty("user.name");
        return user == null || user.isBlank() ? "admin" : user;
    }

    static String mimeType(String fileName) {
        int dot = fileName.lastIndexOf('.');
        String ext = dot < 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
        return TYPES.getOrDefault(ext, "application/octet-stream");
    }
}
