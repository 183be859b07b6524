package org.printhub.shell.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.printhub.device.DeviceInfo;
import org.printhub.http.ApiKey;
import org.printhub.http.ApiKeys;
import org.printhub.http.IssuedKey;
import org.printhub.job.DocumentInfo;
import org.printhub.job.DocumentSource;
import org.printhub.job.IllegalJobStateException;
import org.printhub.job.Job;
import org.printhub.job.JobOperation;
import org.printhub.job.JobPage;
import org.printhub.job.JobQuery;
import org.printhub.job.JobRejectedException;
import org.printhub.job.JobService;
import org.printhub.job.JobState;
import org.printhub.job.JobUpdate;
import org.printhub.job.JobStateReasons;
import org.printhub.job.JobSubmission;
import org.printhub.job.NoSuchJobException;
import org.printhub.job.PrinterService;
import org.printhub.job.PrinterState;
import org.printhub.job.PrinterStatus;

/** Small hand-written stand-ins for the services the commands use. */
final class Fakes {
    static final Instant T0 = Instant.parse("2025-03-04T05:06:07Z");

    private Fakes() {
    }

    static Job job(long id, JobState state, String device) {
        return Job.builder().id(id).token(String.format("%032x", id)).deviceId(device).state(state).name("doc" + id + ".pdf")
                .owner("alice").origin("shell").createdAt(T0).build();
    }

    static final class Jobs implements JobService {
        final Map<Long, Job> jobs = new TreeMap<>();
        final List<JobQuery> queries = new ArrayList<>();
        final List<String> calls = new ArrayList<>();
        JobSubmission submitted;
        byte[] submittedBytes;
        String submittedMime;

        Jobs with(Job... js) {
            for (Job j : js) {
                jobs.put(j.id(), j);
            }
            return this;
        }

        @Override
        public Job submit(JobSubmission submission) {
            submitted = submission;
            DocumentSource d = submission.documents().get(0);
            try (InputStream in = d.open()) {
                submittedBytes = in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            submittedMime = d.mimeType();
            Job j = Job.builder().id(jobs.size() + 100L).token("f".repeat(32)).deviceId(submission.deviceId())
                    .name(submission.name()).owner(submission.owner()).origin(submission.origin())
                    .documents(List.of(new DocumentInfo(0, d.name(), d.mimeType(), submittedBytes.length, "0".repeat(64))))
                    .createdAt(T0).build();
            jobs.put(j.id(), j);
            return j;
        }

        @Override
        public Optional<Job> find(long id) {
            return Optional.ofNullable(jobs.get(id));
        }

        @Override
        public Optional<Job> findByToken(String token) {
            return jobs.values().stream().filter(j -> j.token().equals(token)).findFirst();
        }

        @Override
        public JobPage query(JobQuery query) {
            queries.add(query);
            List<Job> out = jobs.values().stream()
                    .filter(j -> query.states().isEmpty() || query.states().contains(j.state()))
                    .sorted(Comparator.comparingLong(Job::id).reversed()).limit(query.limit()).toList();
            return new JobPage(out, out.size(), 0);
        }

        @Override
        public InputStream openDocument(long jobId, int index) {
            return new ByteArrayInputStream(new byte[0]);
        }

        private Job change(long id, JobOperation op, Set<JobState> from, JobState to, String reason) {
            calls.add(op.name().toLowerCase() + " " + id);
            Job j = get(id);
            if (!from.contains(j.state())) {
                throw new IllegalJobStateException(id, j.state(), op);
            }
            Job next = j.toBuilder().state(to, reason).revision(j.revision() + 1).build();
            jobs.put(id, next);
            return next;
        }

        @Override
        public Job hold(long id) {
            return change(id, JobOperation.HOLD, Set.of(JobState.PENDING), JobState.HELD,
                    JobStateReasons.JOB_HOLD_UNTIL_SPECIFIED);
        }

        @Override
        public Job release(long id, String deviceId) {
            if (deviceId != null && !deviceId.equals("office") && !deviceId.equals("lab")) {
                throw new JobRejectedException(JobRejectedException.UNKNOWN_DEVICE, "no such device: " + deviceId);
            }
            Job j = change(id, JobOperation.RELEASE, Set.of(JobState.HELD), JobState.PENDING, JobStateReasons.NONE);
            if (deviceId != null) {
                j = j.toBuilder().deviceId(deviceId).build();
                jobs.put(id, j);
            }
            return j;
        }

        @Override
        public Job cancel(long id) {
            return change(id, JobOperation.CANCEL, Set.of(JobState.PENDING, JobState.HELD, JobState.PROCESSING,
                    JobState.STOPPED), JobState.CANCELED, JobStateReasons.JOB_CANCELED_BY_USER);
        }

        @Override
        public Job suspend(long id) {
            return change(id, JobOperation.SUSPEND, Set.of(JobState.PROCESSING), JobState.STOPPED,
                    JobStateReasons.JOB_SUSPENDED);
        }

        @Override
        public Job resume(long id) {
            return change(id, JobOperation.RESUME, Set.of(JobState.STOPPED), JobState.PROCESSING,
                    JobStateReasons.JOB_PRINTING);
        }

        @Override
        public Job restart(long id) {
            return change(id, JobOperation.RESTART, Set.of(JobState.CANCELED, JobState.ABORTED, JobState.COMPLETED),
                    JobState.PENDING, JobStateReasons.NONE);
        }

        @Override
        public Job setPriority(long id, int priority) {
            calls.add("priority " + id + " " + priority);
            Job j = get(id);
            Job next = j.toBuilder().ticket(j.ticket().toBuilder().priority(priority).build()).build();
            jobs.put(id, next);
            return next;
        }

        @Override
        public Job move(long id, String deviceId) {
            calls.add("move " + id + " " + deviceId);
            Job j = get(id);
            if (j.state() == JobState.PROCESSING) {
                throw new IllegalJobStateException(id, j.state(), JobOperation.MOVE);
            }
            Job next = j.toBuilder().deviceId(deviceId).build();
            jobs.put(id, next);
            return next;
        }

        @Override
        public Job update(long id, JobUpdate update) {
            calls.add("update " + id);
            Job next = update.applyTo(get(id));
            jobs.put(id, next);
            return next;
        }

        @Override
        public void delete(long id) {
            calls.add("delete " + id);
            if (!get(id).state().isTerminal()) {
                throw new IllegalJobStateException(id, get(id).state(), JobOperation.DELETE);
            }
            jobs.remove(id);
        }

        @Override
        public Job get(long id) {
            return find(id).orElseThrow(() -> new NoSuchJobException(Long.toString(id)));
        }
    }

    static PrinterStatus printer(String id, boolean present, boolean paused) {
        DeviceInfo info = present ? DeviceInfo.builder(id, "virtual").name(id + " printer").build() : null;
        return new PrinterStatus(id, info, paused, paused ? PrinterState.STOPPED : PrinterState.IDLE,
                paused ? Set.of("paused") : Set.of(), "", 0, 0);
    }

    static final class Printers implements PrinterService {
        final Map<String, PrinterStatus> printers = new LinkedHashMap<>();

        Printers with(PrinterStatus... ps) {
            for (PrinterStatus p : ps) {
                printers.put(p.id(), p);
            }
            return this;
        }

        @Override
        public List<PrinterStatus> printers() {
            return List.copyOf(printers.values());
        }

        @Override
        public Optional<PrinterStatus> printer(String deviceId) {
            return Optional.ofNullable(printers.get(deviceId));
        }

        @Override
        public PrinterStatus pause(String deviceId) {
            PrinterStatus p = Fakes.printer(id(deviceId), printers.get(deviceId).present(), true);
            printers.put(deviceId, p);
            return p;
        }

        @Override
        public PrinterStatus resume(String deviceId) {
            PrinterStatus p = Fakes.printer(id(deviceId), printers.get(deviceId).present(), false);
            printers.put(deviceId, p);
            return p;
        }

        private String id(String deviceId) {
            if (!printers.containsKey(deviceId)) {
                throw new IllegalStateException("the fake was asked for an unknown device");
            }
            return deviceId;
        }
    }

    static final class Keys implements ApiKeys {
        final Map<String, ApiKey> keys = new LinkedHashMap<>();
        private int next = 1;

        @Override
        public IssuedKey create(String name, Set<String> scopes) {
            ApiKey k = new ApiKey("k" + next++, name, scopes, T0);
            keys.put(k.id(), k);
            return new IssuedKey(k, "secret-" + k.id());
        }

        @Override
        public ApiKey register(String name, String secret, Set<String> scopes) {
            return create(name, scopes).key();
        }

        @Override
        public List<ApiKey> list() {
            return List.copyOf(keys.values());
        }

        @Override
        public Optional<ApiKey> find(String keyId) {
            return Optional.ofNullable(keys.get(keyId));
        }

        @Override
        public Optional<ApiKey> revoke(String keyId) {
            return Optional.ofNullable(keys.remove(keyId));
        }

        @Override
        public Optional<ApiKey> authenticate(String secret) {
            return keys.values().stream().filter(k -> ("secret-" + k.id()).equals(secret)).findFirst();
        }
    }
}
