package org.printhub.job.internal;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

import org.printhub.job.Job;
import org.printhub.job.JobState;
import org.printhub.job.JobStateReasons;
import org.printhub.job.JobStorageException;
import org.printhub.job.NoSuchJobException;
import org.printhub.job.store.Dispatched;
import org.printhub.job.store.JobStore;

/**
 * Applies a {@link Transition} to a stored job: read, check the table, edit, compare-and-set, publish. A
 * concurrent change makes it read again and decide again, so the table is always checked against the state
 * the change is actually applied to.
 */
final class JobChanges {
    private static final int MAX_ATTEMPTS = 50;

    private final JobStore store;
    private final JobEventPublisher events;
    private final Clock clock;

    JobChanges(JobStore store, JobEventPublisher events, Clock clock) {
        this.store = store;
        this.events = events;
        this.clock = clock;
    }

    /**
     * @param edit sets anything but the state, which the transition decides (it may refine reasons and message)
     * @throws org.printhub.job.IllegalJobStateException for a command the current state does not allow
     * @throws IllegalStateException for a dispatcher transition that no longer applies
     */
    Job apply(long id, Transition transition, Consumer<Job.Builder> edit) {
        return apply(id, transition, j -> true, edit);
    }

    /**
     * As {@link #apply(long, Transition, Consumer)}, but answers empty instead of throwing when the job is gone,
     * the transition no longer applies, or {@code guard} refuses the job as it now is.
     */
    Optional<Job> applyIfAllowed(long id, Transition transition, Predicate<Job> guard, Consumer<Job.Builder> edit) {
        try {
            return Optional.of(apply(id, transition, guard, edit));
        } catch (IllegalStateException | NoSuchJobException e) {
            return Optional.empty();
        }
    }

    Optional<Job> applyIfAllowed(long id, Transition transition, Consumer<Job.Builder> edit) {
        return applyIfAllowed(id, transition, j -> true, edit);
    }

    /**
     * As {@link #applyIfAllowed(long, Transition, Predicate, Consumer)}, first trying {@code likelyCurrent} (a
     * snapshot the caller just read or wrote) as the stored job: when nothing changed it since, that saves a
     * read; when something did, the compare-and-set fails and the job is read again.
     */
    Optional<Job> applyIfAllowed(Job likelyCurrent, Transition transition, Predicate<Job> guard,
            Consumer<Job.Builder> edit) {
        try {
            return Optional.of(apply(likelyCurrent.id(), likelyCurrent, transition, guard, edit));
        } catch (IllegalStateException | NoSuchJobException e) {
            return Optional.empty();
        }
    }

    private Job apply(long id, Transition transition, Predicate<Job> guard, Consumer<Job.Builder> edit) {
        return apply(id, null, transition, guard, edit);
    }

    /** A transition a dispatcher chose for a pending job, with its edit as in {@link #apply}. */
    record Choice(Transition transition, Consumer<Job.Builder> edit) {
    }

    /**
     * What {@link #dispatch} did.
     *
     * @param claimed the job now processing on the device, if one was claimed
     * @param again true if nothing was claimed because a job changed meanwhile: call again at once
     */
    record Step(Optional<Job> finished, Optional<Job> claimed, boolean again) {
    }

    /**
     * A device worker's step from one job to the next in one store call: applies {@code finish} to the job it
     * just printed ({@code finished}, the snapshot it last stored), then offers the device's pending jobs in
     * dispatch order to {@code choose}, which picks a transition or passes; stops at the first job it
     * dispatches. The table is checked for every change, on the job as read in the same call; each change is
     * published as {@link #apply} does.
     *
     * @param finished the snapshot the worker last stored of the job it printed, or null
     */
    Step dispatch(Job finished, Transition finish, Consumer<Job.Builder> finishEdit, String deviceId, int limit,
            Function<Job, Optional<Choice>> choose) {
        Job finishedAfter = null;
        if (finished != null) {
            try {
                finishedAfter = build(finished, finish, finishEdit);
            } catch (IllegalStateException | org.printhub.job.IllegalJobStateException e) {
                // decided on a snapshot that may be old: the usual path reads it again and decides again
                return new Step(applyIfAllowed(finished, finish, j -> true, finishEdit), Optional.empty(), true);
            }
        }
        // read back on this thread once dispatch returns: the store's call completing orders the writes before
        Map<Long, Job> before = new HashMap<>();
        Dispatched done = store.dispatch(finishedAfter, deviceId, limit, candidate -> {
            Optional<Choice> choice = choose.apply(candidate);
            if (choice.isEmpty()) {
                return Optional.empty();
            }
            try {
                Job after = build(candidate, choice.get().transition(), choice.get().edit());
                before.put(candidate.id(), candidate);
                return Optional.of(after);
            } catch (IllegalStateException | org.printhub.job.IllegalJobStateException e) {
                return Optional.empty();
            }
        }, job -> job.state() == JobState.PROCESSING);
        Optional<Job> finishedStored = done.finished();
        if (finished != null) {
            if (finishedStored.isEmpty()) {
                return new Step(applyIfAllowed(finished.id(), finish, finishEdit), Optional.empty(), true);
            }
            events.changed(finished, finishedStored.get());
        }
        Optional<Job> claimed = Optional.empty();
        for (Job stored : done.stored()) {
            events.changed(before.get(stored.id()), stored);
            claimed = stored.state() == JobState.PROCESSING ? Optional.of(stored) : Optional.empty();
        }
        return new Step(finishedStored, claimed, claimed.isEmpty() && done.conflict());
    }

    private Job apply(long id, Job likelyCurrent, Transition transition, Predicate<Job> guard,
            Consumer<Job.Builder> edit) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            boolean guessed = attempt == 0 && likelyCurrent != null;
            Job before = guessed ? likelyCurrent
                    : store.find(id).orElseThrow(() -> new NoSuchJobException(Long.toString(id)));
            Job after;
            try {
                if (!guard.test(before)) {
                    throw new IllegalStateException(transition + " refused for " + before);
                }
                after = build(before, transition, edit);
            } catch (IllegalStateException | org.printhub.job.IllegalJobStateException e) {
                if (guessed) {
                    continue; // decided on a snapshot that may be old: decide again on the stored job
                }
                throw e;
            }
            Optional<Job> stored = store.update(after);
            if (stored.isPresent()) {
                if (transition == Transition.PROGRESS) {
                    events.progress(stored.get());
                } else {
                    events.changed(before, stored.get());
                }
                return stored.get();
            }
        }
        throw new JobStorageException("job " + id + " kept changing; gave up after " + MAX_ATTEMPTS + " attempts",
                null);
    }

    private Job build(Job before, Transition transition, Consumer<Job.Builder> edit) {
        JobState target = transition.apply(before);
        Job.Builder b = before.toBuilder().updatedAt(clock.instant());
        if (target != before.state()) {
            b.state(target, defaultReason(target)).stateMessage("");
            b.completedAt(target.isTerminal() ? clock.instant() : null);
        }
        edit.accept(b);
        return b.build();
    }

    private static String defaultReason(JobState state) {
        switch (state) {
        case PENDING:
            return JobStateReasons.JOB_QUEUED;
        case HELD:
            return JobStateReasons.JOB_HOLD_UNTIL_SPECIFIED;
        case PROCESSING:
            return JobStateReasons.JOB_PRINTING;
        case COMPLETED:
            return JobStateReasons.JOB_COMPLETED_SUCCESSFULLY;
        case CANCELED:
            return JobStateReasons.JOB_CANCELED_BY_USER;
        case ABORTED:
            return JobStateReasons.ABORTED_BY_SYSTEM;
        default:
            return JobStateReasons.PRINTER_STOPPED;
        }
    }
}
