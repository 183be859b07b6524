package org.printhub.job.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.printhub.job.DocumentInfo;
import org.printhub.job.Job;
import org.printhub.job.JobStorageException;
import org.printhub.job.JobPage;
import org.printhub.job.JobQuery;
import org.printhub.job.JobRejectedException;
import org.printhub.job.JobState;
import org.printhub.job.NoSuchJobException;
import org.printhub.job.store.Dispatched;
import org.printhub.job.store.JobStore;
import org.printhub.job.store.SpooledDocument;

/** A JobStore in memory, honouring the SPI's contract (compare-and-set on revision), for core unit tests. */
final class InMemoryJobStore implements JobStore {
    private final TreeMap<Long, Job> jobs = new TreeMap<>();
    private final Map<String, byte[]> spool = new HashMap<>();
    private final Set<String> paused = new HashSet<>();
    private final AtomicLong ids = new AtomicLong();
    volatile int syncs;
    /** Completions stored by {@link #dispatch}, with a claim, and pending jobs read outside it. */
    final AtomicInteger completionsInDispatch = new AtomicInteger();
    final AtomicInteger pendingReadsOutsideDispatch = new AtomicInteger();
    private final ThreadLocal<Boolean> inDispatch = ThreadLocal.withInitial(() -> false);
    /** When set, every sync waits until it is opened (at most 10 s). */
    volatile CountDownLatch syncGate;
    /** How many of the next syncs fail, as a full disk would make them. */
    final AtomicInteger syncFailures = new AtomicInteger();

    @Override
    public synchronized SpooledDocument spool(String name, String mimeType, InputStream in, long maxBytes) {
        try {
            byte[] bytes = in.readAllBytes();
            if (bytes.length > maxBytes) {
                throw new JobRejectedException(JobRejectedException.TOO_LARGE, "too large");
            }
            String location = "mem-" + spool.size();
            spool.put(location, bytes);
            return new SpooledDocument(location, name, mimeType, bytes.length,
                    HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
        } catch (IOException e) {
            throw new JobRejectedException(JobRejectedException.BAD_DOCUMENT, e.getMessage(), e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public synchronized void discard(SpooledDocument document) {
        spool.remove(document.location());
    }

    synchronized int spooledFiles() {
        return spool.size();
    }

    @Override
    public synchronized Job insert(Job draft, List<SpooledDocument> documents) {
        long id = ids.incrementAndGet();
        List<DocumentInfo> infos = new ArrayList<>();
        for (SpooledDocument d : documents) {
            infos.add(new DocumentInfo(infos.size(), d.name(), d.mimeType(), d.size(), d.sha256()));
            spool.put(id + "/" + (infos.size() - 1), spool.get(d.location()));
        }
        Job job = draft.toBuilder().id(id).revision(1).documents(infos).build();
        jobs.put(id, job);
        return job;
    }

    @Override
    public synchronized Optional<Job> find(long id) {
        return Optional.ofNullable(jobs.get(id));
    }

    @Override
    public synchronized Optional<Job> findByToken(String token) {
        return jobs.values().stream().filter(j -> j.token().equals(token)).findFirst();
    }

    @Override
    public synchronized JobPage query(JobQuery q) {
        List<Job> all = jobs.values().stream()
                .filter(j -> q.states().isEmpty() || q.states().contains(j.state()))
                .filter(j -> q.owner().map(j.owner()::equals).orElse(true))
                .filter(j -> q.deviceId().map(j.deviceId()::equals).orElse(true))
                .filter(j -> q.origin().map(j.origin()::equals).orElse(true))
                .filter(j -> q.favourite().map(f -> f == j.favourite()).orElse(true))
                .filter(j -> q.createdFrom().map(t -> !j.createdAt().isBefore(t)).orElse(true))
                .filter(j -> q.createdBefore().map(j.createdAt()::isBefore).orElse(true))
                .sorted(q.newestFirst() ? Comparator.comparingLong(Job::id).reversed()
                        : Comparator.comparingLong(Job::id))
                .collect(Collectors.toList());
        int to = Math.min(all.size(), q.offset() + q.limit());
        return new JobPage(q.offset() >= all.size() ? List.of() : all.subList(q.offset(), to), all.size(), q.offset());
    }

    @Override
    public synchronized boolean delete(Job job) {
        Job stored = jobs.get(job.id());
        if (stored == null || stored.revision() != job.revision()) {
            return false;
        }
        jobs.remove(job.id());
        spool.keySet().removeIf(location -> location.startsWith(job.id() + "/"));
        return true;
    }

    @Override
    public synchronized Optional<Job> update(Job updated) {
        Job stored = jobs.get(updated.id());
        if (stored == null || stored.revision() != updated.revision()) {
            return Optional.empty();
        }
        Job next = updated.toBuilder().revision(updated.revision() + 1).build();
        jobs.put(next.id(), next);
        return Optional.of(next);
    }

    @Override
    public void sync() {
        if (syncFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new JobStorageException("job store: cannot force the journal: No space left on device", null);
        }
        CountDownLatch gate = syncGate;
        if (gate != null) {
            try {
                gate.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            syncs++;
        }
    }

    @Override
    public synchronized InputStream openDocument(long jobId, int index) throws IOException {
        byte[] b = spool.get(jobId + "/" + index);
        if (b == null) {
            throw new NoSuchJobException(jobId + "/" + index);
        }
        return new ByteArrayInputStream(b);
    }

    @Override
    public Dispatched dispatch(Job finished, String deviceId, int limit, Function<Job, Optional<Job>> decide,
            Predicate<Job> enough) {
        inDispatch.set(true);
        try {
            Dispatched done = JobStore.super.dispatch(finished, deviceId, limit, decide, enough);
            if (done.finished().map(j -> j.state() == JobState.COMPLETED).orElse(false)) {
                completionsInDispatch.incrementAndGet();
            }
            return done;
        } finally {
            inDispatch.set(false);
        }
    }

    @Override
    public synchronized List<Job> nextPending(String deviceId, int limit) {
        if (!inDispatch.get()) {
            pendingReadsOutsideDispatch.incrementAndGet();
        }
        return jobs.values().stream().filter(j -> j.state() == JobState.PENDING && j.deviceId().equals(deviceId))
                .sorted(Comparator.comparingInt((Job j) -> -j.ticket().priority()).thenComparingLong(Job::id))
                .limit(limit).collect(Collectors.toList());
    }

    @Override
    public synchronized long count(String deviceId, Set<JobState> states) {
        return jobs.values().stream().filter(j -> j.deviceId().equals(deviceId) && states.contains(j.state())).count();
    }

    @Override
    public synchronized Set<String> deviceIds(Set<JobState> states) {
        return jobs.values().stream().filter(j -> states.contains(j.state())).map(Job::deviceId)
                .collect(Collectors.toSet());
    }

    @Override
    public synchronized Set<String> pausedDevices() {
        return Set.copyOf(paused);
    }

    @Override
    public synchronized void setPaused(String deviceId, boolean p) {
        if (p) {
            paused.add(deviceId);
        } else {
            paused.remove(deviceId);
        }
    }

    /** Puts a job into the store as a crash would have left it. */
    synchronized void force(Job job) {
        jobs.put(job.id(), job);
    }
}
