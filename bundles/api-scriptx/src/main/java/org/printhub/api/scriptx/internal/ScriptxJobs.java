package org.printhub.api.scriptx.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.printhub.job.DocumentSource;
import org.printhub.job.Job;
import org.printhub.job.JobException;
import org.printhub.job.JobPage;
import org.printhub.job.JobQuery;
import org.printhub.job.JobService;
import org.printhub.job.JobState;
import org.printhub.job.JobSubmission;
import org.printhub.job.JobTicket;
import org.printhub.job.JobUpdate;
import org.printhub.job.PageRange;
import org.printhub.job.Sides;
import org.printhub.render.HtmlSource;
import org.printhub.render.HtmlToPdf;
import org.printhub.render.PdfDocuments;
import org.printhub.render.PdfFacts;
import org.printhub.render.RenderException;
import org.printhub.render.RenderResult;
import org.printhub.render.RenderSettings;
import org.printhub.render.UrlFetcher;
import org.printhub.render.UrlFetcher.FetchException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ScriptX jobs between the print call and the core: fetching, rendering and checking happen here (ScriptX's
 * Starting, Downloading, Downloaded), then the PDF goes to {@link JobService#submit} and the core owns the job.
 * The client's job token is ours (a GUID without dashes); it is kept in the core job's ticket as
 * {@value #TOKEN_EXTENSION} so that jobs in the core are found again after a restart. Until the core has it, a job
 * is its {@link Intake} record, written before the print call answers: a job accepted and not yet prepared when
 * the server stops (or is killed) is prepared again at the next start, under the same token.
 */
final class ScriptxJobs {
    static final String ORIGIN = "scriptx";
    static final String TOKEN_EXTENSION = "scriptx.token";
    static final String AREA_EXTENSION = "scriptx.area";
    static final String FILE_EXTENSION = "scriptx.file";
    static final String PRINT_PREVIEW = "ScriptX.Services//PrintPreview.1";

    private static final Logger LOG = LoggerFactory.getLogger(ScriptxJobs.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Where a job came from: its status and download routes. */
    enum Area {
        HTML, PDF
    }

    /** A job this surface knows; guarded by its own lock. */
    static final class Entry {
        final String token;
        final Area area;
        final boolean toFile;
        final String fileName;
        // Written under the entry's lock, read by status polls without it (a poll must not wait for a submit).
        volatile int phase = StatusTable.NOT_STARTED;
        volatile String message = "";
        volatile long jobId = -1;
        /** The core job's status as last read, until a job event or {@link #KNOWN_FOR_NANOS} says otherwise. */
        volatile Models.JobStatus known;
        volatile long knownAt;
        /** Counts job events: a store read that raced one is not kept. Guarded by the entry's lock. */
        int version;
        Future<?> work;
        boolean cancelled;
        Instant ended;
        /** Its intake record no longer counts as waiting (the core has the job, or it ended). */
        boolean intakeDone;

        Entry(String token, Area area, boolean toFile, String fileName) {
            this.token = token;
            this.area = area;
            this.toFile = toFile;
            this.fileName = fileName;
        }
    }

    /** Where a print goes. */
    record Target(String deviceId, boolean toFile, String fileName) {
    }

    /** A collected file: the core job and the name to give it. */
    record Download(long jobId, String fileName, long size) {
    }

    /** A refusal answered as {@code Print} status 3 (SoftError). */
    static final class SoftError extends Exception {
        private static final long serialVersionUID = 1L;

        SoftError(String message) {
            super(message);
        }
    }

    private final JobService jobs;
    private final Printers printers;
    private final HtmlToPdf renderer;
    private final UrlFetcher fetcher;
    private final PdfDocuments pdfs;
    private final ExecutorService workers;
    private final Path work;
    private final Intake intake;
    private final ScriptxConfig config;
    /** Jobs accepted whose preparation has not ended: the records {@code maxWaiting} bounds. */
    private final AtomicInteger unprepared = new AtomicInteger();
    /** Set when the surface stops: a preparation cut short then is not an error, its record is done next start. */
    private volatile boolean stopping;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    /** The entries that reached the core, by job id, for the job events. */
    private final Map<Long, Entry> byJobId = new ConcurrentHashMap<>();
    /** printDirect requests waiting for their job to end, by job id: the job's events wake them. */
    private final Map<Long, CompletableFuture<Void>> directWaiters = new ConcurrentHashMap<>();
    /**
     * How long a status read from the store answers polls without reading it again. Job events end it at once;
     * this bound only matters if an event is lost (Event Admin drops events for a handler it blacklisted).
     */
    static final long KNOWN_FOR_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final long SWEEP_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(30);
    /**
     * How long after a start a job waits for its device to register before it is submitted: jobs prepared again
     * from the intake may be ready before the drivers have registered their devices.
     */
    static final long DEVICE_GRACE_NANOS = TimeUnit.SECONDS.toNanos(60);
    private final long startedAt = System.nanoTime();
    private final AtomicLong lastSweep = new AtomicLong(System.nanoTime() - SWEEP_INTERVAL_NANOS);

    ScriptxJobs(JobService jobs, Printers printers, HtmlToPdf renderer, UrlFetcher fetcher, PdfDocuments pdfs,
            ExecutorService workers, Path work, Intake intake, ScriptxConfig config) {
        this.jobs = jobs;
        this.printers = printers;
        this.renderer = renderer;
        this.fetcher = fetcher;
        this.pdfs = pdfs;
        this.workers = workers;
        this.work = work;
        this.intake = intake;
        this.config = config;
    }

    /**
     * After a restart: the core's ScriptX jobs are found again by their token, and every intake record is read
     * back. A record whose job the core already has (the server stopped between the submit and the record's
     * removal) is removed; a record of a job that ended before the core answers its status until
     * {@code retainMinutes}; every other record is prepared again, oldest first.
     */
    void recover() throws IOException {
        recoverCoreJobs();
        Intake.Found found = intake.found();
        Instant now = Instant.now();
        for (Intake.Damaged d : found.damaged()) {
            if (!entries.containsKey(d.token())) {
                Entry e = new Entry(d.token(), d.area(), false, null);
                e.phase = StatusTable.CODE_EXCEPTION;
                e.message = "the job's record was damaged while the server was down: print it again";
                e.ended = now;
                e.intakeDone = true;
                entries.put(d.token(), e);
            }
        }
        List<IntakeRecord> waiting = new ArrayList<>();
        Instant limit = now.minus(retention());
        for (IntakeRecord r : found.records()) {
            if (r.isEnded()) {
                if (r.ended().isBefore(limit) || entries.containsKey(r.token())) {
                    intake.forget(r.token(), r.area());
                } else {
                    Entry e = new Entry(r.token(), r.area(), r.toFile(), r.fileName());
                    e.phase = r.endedStatus();
                    e.message = r.endedMessage();
                    e.ended = r.ended();
                    e.intakeDone = true;
                    entries.put(r.token(), e);
                }
            } else {
                waiting.add(r);
            }
        }
        Set<String> inCore = waiting.isEmpty() ? Set.of()
                : coreTokensSince(waiting.stream().map(IntakeRecord::accepted).min(Instant::compareTo).get());
        waiting.sort(Comparator.comparing(IntakeRecord::accepted));
        int again = 0;
        for (IntakeRecord r : waiting) {
            if (inCore.contains(r.token()) || entries.containsKey(r.token())) {
                LOG.info("ScriptX job {} was already submitted; its intake record is removed", shortToken(r.token()));
                intake.remove(r.token(), r.area());
                continue;
            }
            Entry e = new Entry(r.token(), r.area(), r.toFile(), r.fileName());
            entries.put(r.token(), e);
            unprepared.incrementAndGet();
            enqueue(e);
            again++;
        }
        if (again > 0) {
            LOG.info("ScriptX: {} accepted job(s) not yet prepared when the server stopped are prepared again", again);
        }
    }

    /**
     * The tokens of the core's ScriptX jobs created since {@code from} (less an hour for a clock step back), each
     * now known, however many jobs came since.
     */
    private Set<String> coreTokensSince(Instant from) {
        Set<String> tokens = new HashSet<>();
        JobQuery.Builder query = JobQuery.builder().origin(ORIGIN).createdFrom(from.minus(Duration.ofHours(1)))
                .oldestFirst().limit(JobQuery.MAX_LIMIT);
        for (int offset = 0;; offset += JobQuery.MAX_LIMIT) {
            JobPage page = jobs.query(query.offset(offset).build());
            for (Job job : page.jobs()) {
                String token = knowCoreJob(job);
                if (token != null) {
                    tokens.add(token);
                }
            }
            if (!page.hasMore() || page.jobs().isEmpty()) {
                return tokens;
            }
        }
    }

    /** The surface is stopping: preparations cut short now stay in the intake, to be done at the next start. */
    void stop() {
        stopping = true;
    }

    /** Finds the core's ScriptX jobs again after a restart, newest first, as far as the query limit goes. */
    private void recoverCoreJobs() {
        JobPage page = jobs.query(JobQuery.builder().origin(ORIGIN).limit(JobQuery.MAX_LIMIT).build());
        for (Job job : page.jobs()) {
            knowCoreJob(job);
        }
    }

    /** @return the ScriptX token of the core's job, now known, or null for a job without one */
    private String knowCoreJob(Job job) {
        String token = job.ticket().extensions().get(TOKEN_EXTENSION);
        if (token != null && !entries.containsKey(token)) {
            Area area = "pdf".equals(job.ticket().extensions().get(AREA_EXTENSION)) ? Area.PDF : Area.HTML;
            String file = job.ticket().extensions().get(FILE_EXTENSION);
            Entry e = new Entry(token, area, file != null, file);
            e.jobId = job.id();
            entries.put(token, e);
            byJobId.put(job.id(), e);
        }
        return token;
    }

    /** Resolves the printer a request names, ScriptX's way. */
    Target target(Fields device) throws SoftError {
        String name = device.string("printerName", "");
        String toFileName = device.string("printToFileName", "");
        if (name.equalsIgnoreCase(PRINT_PREVIEW) || !toFileName.isBlank()) {
            if (!printers.has(config.fileDevice())) {
                throw new SoftError("printing to file is not available: there is no device '" + config.fileDevice()
                        + "'");
            }
            return new Target(config.fileDevice(), true, toFileName.isBlank() ? null : toFileName);
        }
        String id = printers.resolve(name).orElseThrow(() -> new SoftError(name.isBlank() || isDefaultName(name)
                ? "there is no printer to print to" : "the printer '" + name + "' is not available"));
        return new Target(id, false, null);
    }

    static boolean isDefaultName(String name) {
        return name.equalsIgnoreCase("default") || name.equalsIgnoreCase("systemdefault");
    }

    Models.Print printHtml(int contentType, String content, Fields settings, Fields device, Target target,
            String cookie, String description, String owner) throws SoftError {
        HtmlJob job = htmlJob(contentType, content, settings, device, cookie, description);
        return accept(new IntakeRecord(newToken(), Area.HTML, Instant.now(), owner, description, target.deviceId(),
                target.toFile(), target.fileName(), contentType, content, settings.toJson(), device.toJson(),
                job.sendsCookie() ? cookie : null, null, null, null));
    }

    /** What an HTML job is made of, read from its request (at the print call, and again from its record). */
    private record HtmlJob(HtmlSource source, RenderSettings settings, boolean fromUrl, String name,
            JobTicket ticket, boolean sendsCookie) {
    }

    private HtmlJob htmlJob(int contentType, String content, Fields settings, Fields device, String cookie,
            String description) throws SoftError {
        if (contentType != 1 && contentType != 2 && contentType != 4) {
            throw new SoftError("contentType " + contentType + " cannot be printed as HTML: use 1 (Url), 2 (Html) "
                    + "or 4 (InnerHtml)");
        }
        RenderSettings render;
        try {
            render = HtmlSettings.toRenderSettings(settings, device, config.defaultPaper());
        } catch (IllegalArgumentException e) {
            throw new SoftError(e.getMessage());
        }
        if (content == null || content.isBlank()) {
            throw new SoftError("there is no content to print");
        }
        HtmlSource source;
        String documentUrl = settings.string("documentUrl", "");
        boolean sendsCookie;
        if (contentType == 1) {
            source = HtmlSource.url(parseUrl(content.trim()), cookie);
            sendsCookie = true;
        } else {
            URI base = documentUrl.isBlank() ? null : parseUrlOrNull(documentUrl.trim());
            source = HtmlSource.html(contentType == 4 ? wrapInnerHtml(content, base) : content, base, cookie);
            // the cookie goes only to the document's own host: without a base there is none
            sendsCookie = base != null;
        }
        String name = firstNonBlank(render.jobTitle(), description, contentType == 1 ? content.trim() : documentUrl,
                "ScriptX HTML");
        return new HtmlJob(source, render, contentType == 1, name, ticket(device), sendsCookie);
    }

    /**
     * Accepts a job for good: its record is on disk before the answer, and a worker prepares it. Refused when
     * {@code maxWaiting} jobs wait, or when the record cannot be written (a full disk).
     */
    private Models.Print accept(IntakeRecord record) throws SoftError {
        forgetOld();
        if (unprepared.incrementAndGet() > Math.max(1, config.maxWaiting())) {
            unprepared.decrementAndGet();
            throw new SoftError("the server is busy: too many jobs are waiting to be prepared, try again later");
        }
        try {
            intake.write(record);
        } catch (IOException e) {
            unprepared.decrementAndGet();
            LOG.warn("a ScriptX job could not be accepted: its intake record was not written: {}", e.toString());
            throw new SoftError("the server cannot accept the job now: " + e.getMessage());
        }
        Entry entry = new Entry(record.token(), record.area(), record.toFile(), record.fileName());
        entries.put(entry.token, entry);
        enqueue(entry);
        return new Models.Print(record.toFile() ? StatusTable.QUEUED_TO_FILE : StatusTable.QUEUED_TO_DEVICE,
                entry.token, "");
    }

    private void enqueue(Entry entry) {
        synchronized (entry) {
            try {
                entry.work = workers.submit(() -> prepare(entry));
            } catch (RejectedExecutionException e) {
                // the surface is stopping: the record stays, and the next start prepares the job
                LOG.debug("ScriptX job {} is left for the next start", shortToken(entry.token));
            }
        }
    }

    /** InnerHtml is the page without its {@code <html>} element; the base makes its relative links work. */
    static String wrapInnerHtml(String inner, URI base) {
        String baseTag = base == null ? "" : "<base href=\"" + base.toString().replace("\"", "%22") + "\">";
        return "<!DOCTYPE html><html>" + baseTag + inner + "</html>";
    }

    Models.Print printPdf(String document, Fields settings, Fields device, Target target, String cookie,
            String description, String owner) throws SoftError {
        PdfJob job = pdfJob(document, settings, device, description);
        return accept(new IntakeRecord(newToken(), Area.PDF, Instant.now(), owner, description, target.deviceId(),
                target.toFile(), target.fileName(), 0, document, settings.toJson(), device.toJson(),
                job.url() == null ? null : cookie, null, null, null));
    }

    /** What a PDF job is made of: a data: URL ({@code url} null) or an http(s) URL. */
    private record PdfJob(String document, URI url, List<PageRange> ranges, String name, JobTicket ticket) {
    }

    private static PdfJob pdfJob(String document, Fields settings, Fields device, String description)
            throws SoftError {
        if (document == null || document.isBlank()) {
            throw new SoftError("there is no document to print");
        }
        List<PageRange> ranges;
        try {
            ranges = PageRange.parseList(settings.string("pageRange", ""));
        } catch (IllegalArgumentException e) {
            throw new SoftError("bad pageRange: " + e.getMessage());
        }
        String doc = document.trim();
        boolean dataUrl = doc.regionMatches(true, 0, "data:", 0, 5);
        URI url = dataUrl ? null : parseUrl(doc);
        String name = firstNonBlank(settings.string("jobTitle", ""), description, dataUrl ? "" : doc, "ScriptX PDF");
        return new PdfJob(doc, url, ranges, name, ticket(device));
    }

    /**
     * printDirect: the bytes go to the printer unchanged and the call waits for the printer to finish.
     *
     * @return status 4 when printed; status 3 with the reason otherwise
     */
    Models.Print printDirect(int contentType, String content, Target target, String name, String owner)
            throws SoftError, InterruptedException {
        if (contentType != 1 && contentType != 8) {
            throw new SoftError("contentType " + contentType + " cannot be printed directly: use 1 (Url) or 8 "
                    + "(String)");
        }
        if (content == null || content.isEmpty()) {
            throw new SoftError("there is no content to print");
        }
        Path raw = null;
        try {
            raw = Files.createTempFile(work, "direct-", ".bin");
            if (contentType == 1) {
                fetcher.fetch(parseUrl(content.trim()), null, raw);
            } else {
                Files.writeString(raw, content, StandardCharsets.UTF_8);
            }
            Path file = raw;
            JobTicket ticket = JobTicket.builder().extension(AREA_EXTENSION, "direct").build();
            Job job = jobs.submit(JobSubmission.to(target.deviceId()).origin(ORIGIN).owner(owner).ticket(ticket)
                    .name(name).document(DocumentSource.of(name, "application/octet-stream",
                            () -> Files.newInputStream(file)))
                    .build());
            long deadline = System.nanoTime() + Duration.ofSeconds(Math.max(1, config.directTimeoutSeconds()))
                    .toNanos();
            long id = job.id();
            try {
                while (job.state().isActive() && System.nanoTime() < deadline) {
                    // woken by the job's next event; read again at least every second should one go astray
                    CompletableFuture<Void> changed = new CompletableFuture<>();
                    directWaiters.put(id, changed);
                    job = jobs.find(id).orElse(job);
                    if (!job.state().isActive()) {
                        break;
                    }
                    try {
                        changed.get(Math.min(1_000_000_000L, Math.max(1, deadline - System.nanoTime())),
                                TimeUnit.NANOSECONDS);
                    } catch (TimeoutException | ExecutionException e) {
                        // read again below
                    }
                }
            } finally {
                directWaiters.remove(id);
            }
            return switch (job.state()) {
            case COMPLETED -> new Models.Print(StatusTable.OK, "", "");
            case CANCELED, ABORTED -> Models.Print.softError("the printer did not print it: "
                    + firstNonBlank(job.stateMessage(), job.state().keyword()));
            default -> Models.Print.softError("sent to the printer as job " + job.id()
                    + ", which has not finished within " + config.directTimeoutSeconds() + " s ("
                    + job.state().keyword() + ")");
            };
        } catch (FetchException e) {
            throw new SoftError(e.getMessage());
        } catch (JobException e) {
            throw new SoftError(firstNonBlank(e.getMessage(), "the job was refused"));
        } catch (IOException e) {
            throw new SoftError("cannot spool the content: " + e.getMessage());
        } finally {
            deleteQuietly(raw);
        }
    }

    Optional<Models.JobStatus> status(String token, Area area) {
        Entry e = entries.get(token);
        if (e == null || e.area != area) {
            return Optional.empty();
        }
        // No lock: a poll must not wait for a submit that holds the entry (a durable write), nor for other
        // polls' store reads. A job's id never changes once it is set.
        long jobId = e.jobId;
        if (jobId < 0) {
            String message = e.message;
            return Optional.of(new Models.JobStatus(e.phase, token, message));
        }
        Models.JobStatus known = e.known;
        if (known != null && System.nanoTime() - e.knownAt < KNOWN_FOR_NANOS) {
            return Optional.of(known);
        }
        int version;
        synchronized (e) {
            version = e.version;
        }
        Optional<Job> job = jobs.find(jobId);
        if (job.isEmpty()) {
            entries.remove(token);
            byJobId.remove(jobId);
            return Optional.empty();
        }
        Models.JobStatus status = statusOf(job.get(), e);
        synchronized (e) {
            if (e.version == version) {
                e.known = status;
                e.knownAt = System.nanoTime();
            }
        }
        return Optional.of(status);
    }

    /**
     * A core job changed, or was deleted: the next poll of it reads the store again. Called for the core's job
     * events; jobs that are not ScriptX's are ignored.
     */
    void jobChanged(long jobId) {
        CompletableFuture<Void> waiter = directWaiters.get(jobId);
        if (waiter != null) {
            waiter.complete(null);
        }
        Entry e = byJobId.get(jobId);
        if (e != null) {
            synchronized (e) {
                e.version++;
                e.known = null;
            }
        }
    }

    private static Models.JobStatus statusOf(Job job, Entry e) {
        int status = StatusTable.of(job.state(), e.area == Area.PDF);
        // Only why a job failed or waits is the client's business; a device's success note (an output path) is not.
        boolean explains = job.state() == JobState.ABORTED || job.state() == JobState.STOPPED
                || job.state() == JobState.CANCELED;
        String message = !explains || job.stateMessage() == null ? "" : job.stateMessage();
        return new Models.JobStatus(status, e.token, message);
    }

    /**
     * canceljob: a job pre-processing is stopped, a queued job removed from the queue; a job printing pages is
     * not touched. The answer is the status after the call.
     */
    Optional<Models.JobStatus> cancel(String token, Area area) {
        Entry e = entries.get(token);
        if (e == null || e.area != area) {
            return Optional.empty();
        }
        synchronized (e) {
            if (e.jobId < 0) {
                if (StatusTable.isCancellable(e.phase)) {
                    e.cancelled = true;
                    if (e.work != null) {
                        e.work.cancel(true);
                    }
                    // the cancel must outlive a restart, or the job would be prepared and printed again
                    end(e, StatusTable.ABANDONED, "cancelled");
                }
                return Optional.of(new Models.JobStatus(e.phase, token, e.message));
            }
            Optional<Job> job = jobs.find(e.jobId);
            if (job.isEmpty()) {
                entries.remove(token);
                byJobId.remove(e.jobId);
                return Optional.empty();
            }
            Job j = job.get();
            if (j.state() == JobState.PENDING || j.state() == JobState.HELD) {
                try {
                    j = jobs.cancel(j.id());
                } catch (JobException ex) {
                    // It started printing meanwhile: that cannot be stopped, so the current status stands.
                    j = jobs.find(j.id()).orElse(j);
                }
                // the next poll must not answer from before the cancel, whenever the event arrives
                e.version++;
                e.known = null;
            }
            return Optional.of(statusOf(j, e));
        }
    }

    /** A completed print-to-file job's PDF, once; empty for unknown, not-ready or device jobs. */
    Optional<Download> download(String token, Area area) {
        Entry e = entries.get(token);
        if (e == null || e.area != area || !e.toFile) {
            return Optional.empty();
        }
        synchronized (e) {
            if (e.jobId < 0) {
                return Optional.empty();
            }
            Optional<Job> job = jobs.find(e.jobId).filter(j -> j.state() == JobState.COMPLETED);
            if (job.isEmpty() || job.get().documents().isEmpty()) {
                return Optional.empty();
            }
            String name = e.fileName != null && !e.fileName.isBlank() ? e.fileName : job.get().name();
            return Optional.of(new Download(e.jobId, name, job.get().documents().get(0).size()));
        }
    }

    /** After a whole download: the job has been collected, its token is forgotten and its files removed. */
    void collected(String token, long jobId) {
        entries.remove(token);
        byJobId.remove(jobId);
        try {
            jobs.delete(jobId);
        } catch (JobException e) {
            LOG.debug("collected job {} could not be deleted: {}", jobId, e.getMessage());
        }
    }

    private static String newToken() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private Duration retention() {
        return Duration.ofMinutes(Math.max(1, config.retainMinutes()));
    }

    private void forgetOld() {
        // A sweep locks every entry in turn; once per half minute is enough for a retention counted in minutes.
        long now = System.nanoTime();
        long last = lastSweep.get();
        if (now - last < SWEEP_INTERVAL_NANOS || !lastSweep.compareAndSet(last, now)) {
            return;
        }
        Instant limit = Instant.now().minus(retention());
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext();) {
            Entry e = it.next();
            synchronized (e) {
                if (e.jobId < 0 && e.ended != null && e.ended.isBefore(limit)) {
                    it.remove();
                    intake.forget(e.token, e.area);
                }
            }
        }
    }

    /** The body of one pre-processing step; the temporary files it lists are removed whatever happens. */
    private interface Preprocessing {
        void run(List<Path> temporaries) throws RenderException, FetchException, IOException, InterruptedException;
    }

    /** A worker takes a job: its request is read back from its intake record and prepared. */
    private void prepare(Entry entry) {
        IntakeRecord record;
        try {
            record = intake.read(entry.token, entry.area);
        } catch (IOException e) {
            LOG.warn("ScriptX job {} cannot be prepared: its intake record cannot be read: {}",
                    shortToken(entry.token), e.toString());
            fail(entry, StatusTable.CODE_EXCEPTION, "internal error while reading the job back");
            return;
        }
        if (record.isEnded()) {
            return; // cancelled meanwhile
        }
        Target target = new Target(record.deviceId(), record.toFile(), record.fileName());
        Fields settings = Fields.of(record.settings());
        Fields device = Fields.of(record.device());
        try {
            if (record.area() == Area.HTML) {
                HtmlJob job = htmlJob(record.contentType(), record.content(), settings, device, record.cookie(),
                        record.description());
                runHtml(entry, job, target, record.owner());
            } else {
                PdfJob job = pdfJob(record.content(), settings, device, record.description());
                runPdf(entry, job, record.cookie(), target, record.owner());
            }
        } catch (SoftError e) {
            // accepted with other settings (defaultPaper) before a restart, and no longer valid
            fail(entry, StatusTable.ITEM_ERROR, e.getMessage());
        }
    }

    /** Runs a job's pre-processing, turning each way it can end into the job's ScriptX status. */
    private void preprocess(Entry entry, String what, Preprocessing body) {
        List<Path> temporaries = new ArrayList<>();
        try {
            body.run(temporaries);
        } catch (RenderException | FetchException e) {
            fail(entry, StatusTable.ITEM_ERROR, e.getMessage());
        } catch (InterruptedException e) {
            // a canceljob ended it already; otherwise the surface is stopping and the record stays
            fail(entry, StatusTable.ABANDONED, "cancelled");
        } catch (IOException | RuntimeException e) {
            LOG.warn("ScriptX job {} failed", entry.token, e);
            fail(entry, StatusTable.CODE_EXCEPTION, "internal error while " + what);
        } finally {
            temporaries.forEach(ScriptxJobs::deleteQuietly);
        }
    }

    private void runHtml(Entry entry, HtmlJob job, Target target, String owner) {
        preprocess(entry, "rendering", temporaries -> {
            phase(entry, job.fromUrl() ? StatusTable.DOWNLOADING : StatusTable.STARTING, "");
            Path pdf = temporary(temporaries, "html-");
            RenderResult result;
            try (OutputStream out = Files.newOutputStream(pdf)) {
                result = renderer.render(job.source(), job.settings(), out);
            }
            phase(entry, StatusTable.DOWNLOADED, "");
            submit(entry, pdf, null, job.name() + ".pdf", job.name(), owner, job.ticket(), target,
                    "rendered by " + result.renderer());
        });
    }

    private void runPdf(Entry entry, PdfJob job, String cookie, Target target, String owner) {
        URI url = job.url();
        List<PageRange> ranges = job.ranges();
        String name = job.name();
        JobTicket ticket = job.ticket();
        preprocess(entry, "preparing the PDF", temporaries -> {
            phase(entry, StatusTable.DOWNLOADING, "");
            Path fetched = temporary(temporaries, "pdf-");
            if (url == null) {
                decodeDataUrl(job.document(), fetched);
            } else {
                fetcher.fetch(url, cookie, fetched);
            }
            phase(entry, StatusTable.DOWNLOADED, "");
            // Reading the PDF (for its facts, or to cut its pages) is also the check that it is one.
            Path toPrint = fetched;
            if (!ranges.isEmpty()) {
                toPrint = temporary(temporaries, "pdf-pages-");
                try (OutputStream out = Files.newOutputStream(toPrint)) {
                    pdfs.selectPages(fetched, ranges, out);
                }
            }
            PdfFacts facts = pdfs.facts(toPrint);
            submit(entry, toPrint, facts, fileNameOf(url, name), name, owner, ticket, target, facts.toString());
        });
    }

    private Path temporary(List<Path> temporaries, String prefix) throws IOException {
        Path p = Files.createTempFile(work, prefix, ".pdf");
        temporaries.add(p);
        return p;
    }

    private void decodeDataUrl(String dataUrl, Path target) throws RenderException, IOException {
        int comma = dataUrl.indexOf(',');
        String meta = comma < 0 ? "" : dataUrl.substring(5, comma).toLowerCase(Locale.ROOT);
        if (comma < 0 || !meta.endsWith(";base64")) {
            throw new RenderException(RenderException.Reason.BAD_CONTENT,
                    "the document is not a base64 data URL (data:application/pdf;base64,...)");
        }
        // The text is already in memory (it came in the JSON); it is decoded in blocks, never copied whole.
        Base64.Decoder decoder = Base64.getDecoder();
        byte[] block = new byte[64 * 1024];
        int filled = 0;
        try (OutputStream out = Files.newOutputStream(target)) {
            for (int i = comma + 1; i < dataUrl.length(); i++) {
                char c = dataUrl.charAt(i);
                if (Character.isWhitespace(c)) {
                    continue;
                }
                if (c == '%' && dataUrl.startsWith("%3D", i) || c == '%' && dataUrl.startsWith("%3d", i)) {
                    c = '=';
                    i += 2;
                }
                if (c > 127) {
                    throw new IllegalArgumentException("not base64");
                }
                block[filled++] = (byte) c;
                if (filled == block.length) {
                    out.write(decoder.decode(block));
                    filled = 0;
                }
            }
            if (filled > 0) {
                out.write(decoder.decode(java.util.Arrays.copyOf(block, filled)));
            }
        } catch (IllegalArgumentException e) {
            throw new RenderException(RenderException.Reason.BAD_CONTENT, "the data URL is not valid base64");
        }
    }

    /** @param facts the PDF's facts if already known, else null */
    private void submit(Entry entry, Path pdf, PdfFacts facts, String documentName, String jobName, String owner,
            JobTicket ticket, Target target, String note) throws IOException, InterruptedException {
        while (!printers.has(target.deviceId()) && System.nanoTime() - startedAt < DEVICE_GRACE_NANOS) {
            Thread.sleep(250); // after a start only: the job's device has not registered yet
        }
        Job job;
        synchronized (entry) {
            if (entry.cancelled) {
                return;
            }
            JobTicket withToken = ticket.toBuilder().extension(TOKEN_EXTENSION, entry.token)
                    .extension(AREA_EXTENSION, entry.area == Area.PDF ? "pdf" : "html").build();
            if (target.toFile()) {
                withToken = withToken.toBuilder().extension(FILE_EXTENSION,
                        target.fileName() == null ? fileNameOf(null, jobName) : target.fileName()).build();
            }
            try {
                job = jobs.submit(JobSubmission.to(target.deviceId()).origin(ORIGIN).owner(owner).name(jobName)
                        .ticket(withToken).document(DocumentSource.of(documentName, "application/pdf",
                                () -> Files.newInputStream(pdf)))
                        .build());
            } catch (JobException e) {
                end(entry, StatusTable.ITEM_ERROR, firstNonBlank(e.getMessage(), "the job was refused"));
                return;
            }
            entry.jobId = job.id();
            byJobId.put(job.id(), entry);
            intakeDone(entry);
        }
        LOG.info("ScriptX job {} is job {} on {} ({})", shortToken(entry.token), job.id(), target.deviceId(), note);
        try {
            // the core has it for good: a restart must not prepare it again (if this is lost, recover() finds it)
            intake.remove(entry.token, entry.area);
        } catch (IOException e) {
            LOG.warn("the intake record of ScriptX job {} (job {}) could not be removed: {}",
                    shortToken(entry.token), job.id(), e.toString());
        }
        try {
            PdfFacts known = facts != null ? facts : pdfs.facts(pdf);
            jobs.update(job.id(), JobUpdate.builder().pageCount(known.pages()).colorPageCount(known.colorPages())
                    .build());
        } catch (RenderException | JobException | IOException e) {
            LOG.debug("no page facts for job {}: {}", job.id(), e.getMessage());
        }
    }

    /** The ticket for the device: copies, duplex, collate from {@code device}. */
    static JobTicket ticket(Fields device) {
        JobTicket.Builder b = JobTicket.builder();
        int copies = device.integer("copies", 1);
        b.copies(Math.max(1, Math.min(JobTicket.MAX_COPIES, copies)));
        int duplex = device.integer("duplex", 0);
        b.sides(duplex == 2 ? Sides.TWO_SIDED_LONG_EDGE : duplex == 3 ? Sides.TWO_SIDED_SHORT_EDGE : Sides.ONE_SIDED);
        b.collate(device.integer("collate", 0) != 2);
        return b.build();
    }

    private void phase(Entry entry, int phase, String message) throws InterruptedException {
        synchronized (entry) {
            if (entry.cancelled) {
                throw new InterruptedException("cancelled");
            }
            entry.phase = phase;
            entry.message = message;
        }
    }

    /** Preparation failed: the job ends with {@code status}, unless it was cancelled or the surface is stopping. */
    private void fail(Entry entry, int status, String message) {
        if (stopping) {
            return; // cut short by the stop, not failed: the record is prepared again at the next start
        }
        synchronized (entry) {
            if (entry.cancelled || entry.ended != null) {
                return;
            }
            end(entry, status, message);
        }
    }

    /**
     * Ends a job before the core has it, for good: its record is replaced by one of how it ended (without its
     * content or cookie), so that a restart neither prepares it again nor forgets what its client was told.
     * Called with the entry's lock held.
     */
    private void end(Entry entry, int status, String message) {
        entry.phase = status;
        entry.message = message == null ? "" : message;
        entry.ended = Instant.now();
        try {
            intake.write(IntakeRecord.ended(entry.token, entry.area, entry.toFile, entry.fileName, status,
                    entry.message, entry.ended));
        } catch (IOException e) {
            LOG.warn("ScriptX job {} ended ({}) but its intake record could not be rewritten: {}",
                    shortToken(entry.token), status, e.toString());
        }
        intakeDone(entry);
    }

    /** Called with the entry's lock held. */
    private void intakeDone(Entry entry) {
        if (!entry.intakeDone) {
            entry.intakeDone = true;
            unprepared.decrementAndGet();
        }
    }

    private static String shortToken(String token) {
        return token.substring(0, 8);
    }

    static URI parseUrl(String text) throws SoftError {
        URI uri = parseUrlOrNull(text);
        if (uri == null) {
            throw new SoftError("not a URL: " + (text.length() > 80 ? text.substring(0, 80) + "..." : text));
        }
        return uri;
    }

    private static URI parseUrlOrNull(String text) {
        try {
            URI uri = new URI(text);
            return uri.isAbsolute() ? uri : null;
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }

    private static String fileNameOf(URI url, String name) {
        String base = url == null || url.getPath() == null ? "" : url.getPath().replaceFirst(".*/", "");
        String n = base.isBlank() ? name : base;
        n = n.replaceAll("[\\\\/:*?\"<>|\\p{Cntrl}]", "_").trim();
        if (n.length() > 100) {
            n = n.substring(0, 100);
        }
        return n.toLowerCase(Locale.ROOT).endsWith(".pdf") ? n : n + ".pdf";
    }

    static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return "";
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // the work directory is emptied at start
            }
        }
    }

    static boolean isToken(String token) {
        return token != null && token.matches("[0-9a-f]{32}");
    }
}
