package org.printhub.job.internal;

import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;
import org.printhub.device.Device;
import org.printhub.device.DeviceInfo;
import org.printhub.device.DocumentConverter;
import org.printhub.job.DocumentSource;
import org.printhub.job.Job;
import org.printhub.job.JobPage;
import org.printhub.job.JobQuery;
import org.printhub.job.JobStorageException;
import org.printhub.job.JobTicket;
import org.printhub.job.JobUpdate;
import org.printhub.job.JobRejectedException;
import org.printhub.job.JobService;
import org.printhub.job.JobState;
import org.printhub.job.JobStateReasons;
import org.printhub.job.JobSubmission;
import org.printhub.job.PrinterService;
import org.printhub.job.PrinterStatus;
import org.printhub.job.store.JobStore;
import org.printhub.job.store.SpooledDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job service: validates and spools submissions, applies commands through the transition table, and
 * runs the dispatcher that hands jobs to devices.
 */
@Component(service = { JobService.class, PrinterService.class }, immediate = true, configurationPid = "org.printhub.job",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = CoreConfig.class)
public final class JobServiceImpl implements JobService, PrinterService {
    private static final Logger LOG = LoggerFactory.getLogger(JobServiceImpl.class);
    private static final int MAX_TEXT = JobUpdate.MAX_TEXT;
    private static final int DELETE_ATTEMPTS = 50;
    private static final long PURGE_INTERVAL_MINUTES = 10;

    private final CoreConfig config;
    private final JobStore store;
    private final JobEventPublisher events;
    private final JobChanges changes;
    private final Dispatcher dispatcher;
    private final Clock clock = Clock.systemUTC();
    /**
     * Per thread: the default SecureRandom (NativePRNG) serialises every caller on one lock, which submitting
     * threads queued on (JFR, 64 connections). DRBG instances are independent.
     */
    private final ThreadLocal<SecureRandom> random = ThreadLocal.withInitial(JobServiceImpl::newRandom);
    private final ScheduledExecutorService timer;
    private final Converters converters = new Converters();

    @Activate
    public JobServiceImpl(CoreConfig config, @Reference JobStore store, @Reference EventAdmin eventAdmin) {
        this.config = config;
        this.store = store;
        this.events = new JobEventPublisher(eventAdmin);
        this.changes = new JobChanges(store, events, clock);
        this.dispatcher = new Dispatcher(store, changes, events, config, clock);
        recoverInterruptedJobs();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(null, r, "printhub-job-timer", 0, false);
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::flushProgress, config.progressIntervalMillis(),
                config.progressIntervalMillis(), TimeUnit.MILLISECONDS);
        scheduleHeldJobs();
        if (config.retainEndedJobsHours() > 0) {
            timer.scheduleWithFixedDelay(this::deleteExpiredJobs, 1, PURGE_INTERVAL_MINUTES, TimeUnit.MINUTES);
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addDevice(Device device) {
        dispatcher.add(device);
    }

    void removeDevice(Device device) {
        dispatcher.remove(device);
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
        dispatcher.close();
        flushProgress();
    }

    @Override
    public Job submit(JobSubmission submission) {
        String deviceId = submission.deviceId();
        Optional<DeviceInfo> device = dispatcher.info(deviceId);
        if (device.isEmpty() && !dispatcher.isKnown(deviceId)) {
            throw new JobRejectedException(JobRejectedException.UNKNOWN_DEVICE, "no such device: " + deviceId);
        }
        if (submission.documents().isEmpty()) {
            throw new JobRejectedException(JobRejectedException.BAD_DOCUMENT, "a job needs at least one document");
        }
        List<Optional<Converters.Conversion>> conversions = new ArrayList<>();
        for (DocumentSource d : submission.documents()) {
            if (device.isEmpty() || device.get().accepts(d.mimeType())) {
                conversions.add(Optional.empty());
                continue;
            }
            conversions.add(Optional.of(converters.find(d.mimeType(), device.get()).orElseThrow(
                    () -> new JobRejectedException(JobRejectedException.UNSUPPORTED_FORMAT,
                            "device " + deviceId + " cannot print " + d.mimeType() + " (it takes "
                                    + String.join(", ", device.get().documentFormats())
                                    + ", and no converter makes one of those from " + d.mimeType() + ")"))));
        }
        List<SpooledDocument> spooled = new ArrayList<>();
        try {
            for (int i = 0; i < submission.documents().size(); i++) {
                DocumentSource d = submission.documents().get(i);
                spooled.add(conversions.get(i).isPresent()
                        ? spoolConverted(d, conversions.get(i).get(), submission.ticket()) : spool(d));
            }
            Instant now = clock.instant();
            Job.Builder draft = Job.builder().token(newToken()).name(clip(submission.name()))
                    .owner(clip(submission.owner())).origin(clip(submission.origin()))
                    .project(clip(submission.project())).account(clip(submission.account()))
                    .favourite(submission.favourite()).deviceId(deviceId).ticket(submission.ticket())
                    .holdUntil(submission.holdUntil()).createdAt(now).updatedAt(now);
            if (submission.hold()) {
                draft.state(JobState.HELD, JobStateReasons.JOB_HOLD_UNTIL_SPECIFIED);
            } else {
                draft.state(JobState.PENDING, JobStateReasons.JOB_QUEUED);
            }
            Job job = store.insert(draft.build(), spooled);
            events.submitted(job);
            if (job.state() == JobState.HELD) {
                job.holdUntil().ifPresent(at -> scheduleRelease(job.id(), at));
            } else {
                dispatcher.wake(deviceId);
            }
            return job;
        } catch (RuntimeException e) {
            spooled.forEach(store::discard);
            throw e;
        }
    }

    private SpooledDocument spool(DocumentSource d) {
        SpooledDocument s;
        try (InputStream in = d.open()) {
            s = store.spool(clip(d.name()), d.mimeType(), in, config.maxDocumentBytes());
        } catch (IOException e) {
            throw new JobRejectedException(JobRejectedException.BAD_DOCUMENT,
                    "cannot read document '" + d.name() + "': " + e.getMessage(), e);
        }
        if (s.size() == 0) {
            store.discard(s);
            throw new JobRejectedException(JobRejectedException.BAD_DOCUMENT, "document '" + d.name() + "' is empty");
        }
        return s;
    }

    private SpooledDocument spoolConverted(DocumentSource d, Converters.Conversion conversion, JobTicket ticket) {
        String what = "document '" + d.name() + "' from " + d.mimeType() + " to " + conversion.to();
        SpooledDocument s = null;
        try (InputStream in = d.open();
                InputStream converted = conversion.converter().convert(in, d.name(), ticket)) {
            s = store.spool(clip(d.name()), conversion.to(), converted, config.maxDocumentBytes());
        } catch (IOException | JobRejectedException e) {
            // a converter reports a failed conversion when its output is read or closed, maybe after the spool
            if (s != null) {
                store.discard(s);
            }
            if (e instanceof JobRejectedException r && !r.reason().equals(JobRejectedException.BAD_DOCUMENT)) {
                throw r;
            }
            throw new JobRejectedException(JobRejectedException.BAD_DOCUMENT,
                    "cannot convert " + what + ": " + e.getMessage(), e);
        }
        if (s.size() == 0) {
            store.discard(s);
            throw new JobRejectedException(JobRejectedException.BAD_DOCUMENT, "converting " + what + " gave nothing");
        }
        LOG.info("converted {} ({} bytes)", what, s.size());
        return s;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addConverter(DocumentConverter converter, Map<String, Object> properties) {
        converters.add(converter, properties);
    }

    void removeConverter(DocumentConverter converter) {
        converters.remove(converter);
    }

    @Override
    public Optional<Job> find(long id) {
        return store.find(id);
    }

    @Override
    public Optional<Job> findByToken(String token) {
        return token == null || token.length() != 32 ? Optional.empty() : store.findByToken(token);
    }

    @Override
    public JobPage query(JobQuery query) {
        return store.query(query);
    }

    @Override
    public InputStream openDocument(long jobId, int index) throws IOException {
        return store.openDocument(jobId, index);
    }

    @Override
    public Job hold(long id) {
        return changes.apply(id, Transition.HOLD, b -> b.holdUntil(null));
    }

    @Override
    public Job release(long id, String deviceId) {
        if (deviceId != null) {
            requireKnownDevice(deviceId);
        }
        Job job = changes.apply(id, Transition.RELEASE, b -> {
            b.holdUntil(null);
            if (deviceId != null) {
                b.deviceId(deviceId);
            }
        });
        dispatcher.wake(job.deviceId());
        return job;
    }

    @Override
    public Job cancel(long id) {
        Job job = changes.apply(id, Transition.CANCEL, b -> { });
        dispatcher.running(id).ifPresent(t -> t.cancel(false));
        dispatcher.wake(job.deviceId());
        return job;
    }

    @Override
    public Job suspend(long id) {
        Job job = changes.apply(id, Transition.SUSPEND,
                b -> b.state(JobState.STOPPED, JobStateReasons.JOB_SUSPENDED));
        dispatcher.running(id).ifPresent(RunningTask::suspend);
        return job;
    }

    @Override
    public Job resume(long id) {
        Job job = get(id);
        if (!job.hasReason(JobStateReasons.JOB_SUSPENDED)) {
            Transition.RESUME.apply(job);
            dispatcher.wake(job.deviceId());
            return job;
        }
        Job resumed = changes.apply(id, Transition.RESUME, b -> { });
        dispatcher.running(id).ifPresent(RunningTask::resume);
        return resumed;
    }

    @Override
    public Job restart(long id) {
        Job job = changes.apply(id, Transition.RESTART,
                b -> b.pagesCompleted(0).processingAt(null).completedAt(null).holdUntil(null));
        dispatcher.wake(job.deviceId());
        return job;
    }

    @Override
    public Job setPriority(long id, int priority) {
        Job job = get(id);
        var ticket = job.ticket().toBuilder().priority(priority).build();
        Job changed = changes.apply(id, Transition.SET_PRIORITY, b -> b.ticket(ticket));
        dispatcher.wake(changed.deviceId());
        return changed;
    }

    @Override
    public Job move(long id, String deviceId) {
        requireKnownDevice(deviceId);
        Job before = get(id);
        Job moved = changes.apply(id, Transition.MOVE, b -> {
            b.deviceId(deviceId);
            if (before.state() == JobState.STOPPED) {
                b.state(JobState.PENDING, JobStateReasons.JOB_QUEUED).stateMessage("");
            }
        });
        dispatcher.wake(before.deviceId());
        dispatcher.wake(deviceId);
        return moved;
    }

    @Override
    public Job update(long id, JobUpdate update) {
        Transition t = update.changesTicket() ? Transition.UPDATE_TICKET : Transition.AMEND;
        Job changed = changes.apply(id, t, update::applyTo);
        if (update.changesTicket()) {
            dispatcher.wake(changed.deviceId());
        }
        return changed;
    }

    @Override
    public void delete(long id) {
        for (int attempt = 0; attempt < DELETE_ATTEMPTS; attempt++) {
            Job job = get(id);
            Transition.DELETE.apply(job);
            if (store.delete(job)) {
                events.deleted(job);
                return;
            }
        }
        throw new JobStorageException("job " + id + " kept changing; gave up deleting it", null);
    }

    /** Ended jobs past their retention go, oldest first, a page per pass so a large backlog never stalls. */
    private void deleteExpiredJobs() {
        deleteJobsEndedBefore(clock.instant().minus(Duration.ofHours(config.retainEndedJobsHours())));
    }

    void deleteJobsEndedBefore(Instant cutoff) {
        try {
            JobQuery ended = JobQuery.builder().state(JobState.CANCELED, JobState.ABORTED, JobState.COMPLETED)
                    .favourite(false).createdBefore(cutoff).oldestFirst().limit(JobQuery.MAX_LIMIT).build();
            int deleted = 0;
            for (Job job : store.query(ended).jobs()) {
                boolean expired = !job.favourite() && job.completedAt().map(at -> at.isBefore(cutoff)).orElse(true);
                if (expired && store.delete(job)) {
                    events.deleted(job);
                    deleted++;
                }
            }
            if (deleted > 0) {
                store.sync();
                LOG.info("deleted {} job(s) that ended before {}", deleted, cutoff);
            }
        } catch (RuntimeException e) {
            LOG.warn("could not delete expired jobs: {}", e.toString());
        }
    }

    @Override
    public List<PrinterStatus> printers() {
        List<PrinterStatus> list = new ArrayList<>();
        for (String id : dispatcher.ids()) {
            list.add(dispatcher.status(id));
        }
        return list;
    }

    @Override
    public Optional<PrinterStatus> printer(String deviceId) {
        return isListed(deviceId) ? Optional.of(dispatcher.status(deviceId)) : Optional.empty();
    }

    @Override
    public boolean isListed(String deviceId) {
        return dispatcher.isListed(deviceId);
    }

    @Override
    public List<DeviceInfo> registeredDevices() {
        return dispatcher.registeredDevices();
    }

    @Override
    public PrinterStatus pause(String deviceId) {
        requireKnownDevice(deviceId);
        dispatcher.setPaused(deviceId, true);
        return dispatcher.status(deviceId);
    }

    @Override
    public PrinterStatus resume(String deviceId) {
        requireKnownDevice(deviceId);
        dispatcher.setPaused(deviceId, false);
        return dispatcher.status(deviceId);
    }

    private void requireKnownDevice(String deviceId) {
        if (dispatcher.info(deviceId).isEmpty() && !dispatcher.isKnown(deviceId)) {
            throw new JobRejectedException(JobRejectedException.UNKNOWN_DEVICE, "no such device: " + deviceId);
        }
    }

    /** After a crash, a job that was printing prints again from the start, unless it had completed. */
    private void recoverInterruptedJobs() {
        int recovered = 0;
        JobQuery interrupted = JobQuery.builder().state(JobState.PROCESSING, JobState.STOPPED).oldestFirst()
                .limit(JobQuery.MAX_LIMIT).build();
        List<Job> batch;
        do {
            batch = store.query(interrupted).jobs();
            for (Job job : batch) {
                if (changes.applyIfAllowed(job.id(), Transition.REQUEUE, b -> b.state(JobState.PENDING,
                        JobStateReasons.JOB_QUEUED, JobStateReasons.JOB_RESTARTABLE).stateMessage(
                                "interrupted by a server restart; it prints again from the start")
                        .pagesCompleted(0)).isPresent()) {
                    recovered++;
                }
            }
        } while (batch.size() == JobQuery.MAX_LIMIT);
        if (recovered > 0) {
            store.sync();
            LOG.info("recovered {} job(s) interrupted by a restart", recovered);
        }
    }

    private void scheduleHeldJobs() {
        int offset = 0;
        JobPage page;
        do {
            page = store.query(JobQuery.builder().state(JobState.HELD).oldestFirst().offset(offset)
                    .limit(JobQuery.MAX_LIMIT).build());
            for (Job job : page.jobs()) {
                job.holdUntil().ifPresent(at -> scheduleRelease(job.id(), at));
            }
            offset += page.jobs().size();
        } while (page.hasMore());
    }

    private void scheduleRelease(long id, Instant at) {
        long delay = Math.max(0, Duration.between(clock.instant(), at).toMillis());
        timer.schedule(() -> changes.applyIfAllowed(id, Transition.HOLD_EXPIRED,
                j -> j.holdUntil().isPresent() && !j.holdUntil().get().isAfter(clock.instant()),
                b -> b.holdUntil(null)).ifPresent(j -> dispatcher.wake(j.deviceId())), delay, TimeUnit.MILLISECONDS);
    }

    private void flushProgress() {
        try {
            for (RunningTask t : dispatcher.runningTasks()) {
                if (t.takeDirty()) {
                    changes.applyIfAllowed(t.lastStored(), Transition.PROGRESS, j -> true,
                            b -> b.pagesCompleted(t.pages()).stateMessage(t.message())).ifPresent(t::stored);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("could not store job progress: {}", e.toString());
        }
    }

    private String newToken() {
        byte[] b = new byte[16];
        random.get().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static SecureRandom newRandom() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (java.security.NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }

    private static String clip(String s) {
        return s == null || s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT);
    }
}
