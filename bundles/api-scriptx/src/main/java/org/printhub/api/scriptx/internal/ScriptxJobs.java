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
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 * {@value #TOKEN_EXTENSION} so that jobs in the core are found again after a restart. Jobs still pre-processing
 * when the server stops are lost: they were never accepted by the core.
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
    private final ScriptxConfig config;
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
    private final AtomicLong lastSweep = new AtomicLong(System.nanoTime() - SWEEP_INTERVAL_NANOS);

    ScriptxJobs(JobService jobs, Printers printers, HtmlToPdf renderer, UrlFetcher fetcher, PdfDocuments pdfs,
            ExecutorService workers, Path work, ScriptxConfig config) {
        this.jobs = jobs;
        this.printers = printers;
        this.renderer = renderer;
        this.fetcher = fetcher;
        this.pdfs = pdfs;
        this.workers = workers;
        this.work = work;
        this.config = config;
    }

    /** Finds the core's ScriptX jobs again after a restart, newest first, as far as the query limit goes. */
    void recover() {
        JobPage page = jobs.query(JobQuery.builder().origin(ORIGIN).limit(JobQuery.MAX_LIMIT).build());
        for (Job job : page.jobs()) {
            String token = job.ticket().extensions().get(TOKEN_EXTENSION);
            if (token != null && !entries.containsKey(token)) {
                Area area = "pdf".equals(job.ticket().extensions().get(AREA_EXTENSION)) ? Area.PDF : Area.HTML;
                String file = job.ticket().extensions().get(FILE_EXTENSION);
                Entry e = new Entry(token, area, file != null, file);
                e.jobId = job.id();
                entries.put(token, e);
                byJobId.put(job.id(), e);
            }
        }
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
        if (contentType == 1) {
            source = HtmlSource.url(parseUrl(content.trim()), cookie);
        } else {
            URI base = documentUrl.isBlank() ? null : parseUrlOrNull(documentUrl.trim());
            source = HtmlSource.html(contentType == 4 ? wrapInnerHtml(content, base) : content, base, cookie);
        }
        String name = firstNonBlank(render.jobTitle(), description, contentType == 1 ? content.trim() : documentUrl,
                "ScriptX HTML");
        JobTicket ticket = ticket(device);
        Entry entry = newEntry(Area.HTML, target);
        start(entry, () -> runHtml(entry, source, render, contentType == 1, target, name, owner, ticket));
        return new Models.Print(target.toFile() ? StatusTable.QUEUED_TO_FILE : StatusTable.QUEUED_TO_DEVICE,
                entry.token, "");
    }

    private void start(Entry entry, Runnable work) throws SoftError {
        synchronized (entry) {
            try {
                entry.work = workers.submit(work);
            } catch (RejectedExecutionException e) {
                entries.remove(entry.token);
                throw new SoftError("the server is busy: too many jobs are waiting to be prepared, try again later");
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
        JobTicket ticket = ticket(device);
        String name = firstNonBlank(settings.string("jobTitle", ""), description, dataUrl ? "" : doc, "ScriptX PDF");
        Entry entry = newEntry(Area.PDF, target);
        start(entry, () -> runPdf(entry, doc, url, cookie, ranges, target, name, owner, ticket));
        return new Models.Print(target.toFile() ? StatusTable.QUEUED_TO_FILE : StatusTable.QUEUED_TO_DEVICE,
                entry.token, "");
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
                    e.phase = StatusTable.ABANDONED;
                    e.message = "cancelled";
                    e.ended = Instant.now();
                    if (e.work != null) {
                        e.work.cancel(true);
                    }
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

    private Entry newEntry(Area area, Target target) {
        forgetOld();
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        Entry e = new Entry(HexFormat.of().formatHex(bytes), area, target.toFile(), target.fileName());
        entries.put(e.token, e);
        return e;
    }

    private void forgetOld() {
        // A sweep locks every entry in turn; once per half minute is enough for a retention counted in minutes.
        long now = System.nanoTime();
        long last = lastSweep.get();
        if (now - last < SWEEP_INTERVAL_NANOS || !lastSweep.compareAndSet(last, now)) {
            return;
        }
        Instant limit = Instant.now().minus(Duration.ofMinutes(Math.max(1, config.retainMinutes())));
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext();) {
            Entry e = it.next();
            synchronized (e) {
                if (e.jobId < 0 && e.ended != null && e.ended.isBefore(limit)) {
                    it.remove();
                }
            }
        }
    }

    /** The body of one pre-processing step; the temporary files it lists are removed whatever happens. */
    private interface Preprocessing {
        void run(List<Path> temporaries) throws RenderException, FetchException, IOException, InterruptedException;
    }

    /** Runs a job's pre-processing, turning each way it can end into the job's ScriptX status. */
    private void preprocess(Entry entry, String what, Preprocessing body) {
        List<Path> temporaries = new ArrayList<>();
        try {
            body.run(temporaries);
        } catch (RenderException | FetchException e) {
            fail(entry, StatusTable.ITEM_ERROR, e.getMessage());
        } catch (InterruptedException e) {
            fail(entry, StatusTable.ABANDONED, "cancelled");
        } catch (IOException | RuntimeException e) {
            LOG.warn("ScriptX job {} failed", entry.token, e);
            fail(entry, StatusTable.CODE_EXCEPTION, "internal error while " + what);
        } finally {
            temporaries.forEach(ScriptxJobs::deleteQuietly);
        }
    }

    private void runHtml(Entry entry, HtmlSource source, RenderSettings settings, boolean fromUrl, Target target,
            String name, String owner, JobTicket ticket) {
        preprocess(entry, "rendering", temporaries -> {
            phase(entry, fromUrl ? StatusTable.DOWNLOADING : StatusTable.STARTING, "");
            Path pdf = temporary(temporaries, "html-");
            RenderResult result;
            try (OutputStream out = Files.newOutputStream(pdf)) {
                result = renderer.render(source, settings, out);
            }
            phase(entry, StatusTable.DOWNLOADED, "");
            submit(entry, pdf, null, name + ".pdf", name, owner, ticket, target, "rendered by " + result.renderer());
        });
    }

    private void runPdf(Entry entry, String document, URI url, String cookie, List<PageRange> ranges, Target target,
            String name, String owner, JobTicket ticket) {
        preprocess(entry, "preparing the PDF", temporaries -> {
            phase(entry, StatusTable.DOWNLOADING, "");
            Path fetched = temporary(temporaries, "pdf-");
            if (url == null) {
                decodeDataUrl(document, fetched);
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
            JobTicket ticket, Target target, String note) throws IOException {
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
                entry.phase = StatusTable.ITEM_ERROR;
                entry.message = firstNonBlank(e.getMessage(), "the job was refused");
                entry.ended = Instant.now();
                return;
            }
            entry.jobId = job.id();
            byJobId.put(job.id(), entry);
        }
        LOG.info("ScriptX job {} is job {} on {} ({})", entry.token.substring(0, 8), job.id(), target.deviceId(),
                note);
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

    private static void fail(Entry entry, int status, String message) {
        synchronized (entry) {
            if (entry.cancelled) {
                return;
            }
            entry.phase = status;
            entry.message = message == null ? "" : message;
            entry.ended = Instant.now();
        }
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
