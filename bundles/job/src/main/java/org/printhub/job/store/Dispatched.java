package org.printhub.job.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

import org.printhub.job.Job;

/**
 * What one {@link JobStore#dispatch} call stored.
 *
 * @param finished the stored snapshot of the finished job; empty if none was given, or if it changed meanwhile
 *        (then nothing else was done: re-read it and decide again)
 * @param stored the updates of pending jobs that were stored, in the order they were offered
 * @param conflict true if a pending job changed between being read and being updated; the call stopped there,
 *        so that no job is passed over: call again
 */
public record Dispatched(Optional<Job> finished, List<Job> stored, boolean conflict) {

    public Dispatched {
        Objects.requireNonNull(finished, "finished");
        stored = List.copyOf(stored);
    }

    /** A store's step that may fail with {@code E} (e.g. SQLException on a store's own connection). */
    @FunctionalInterface
    public interface Step<T, R, E extends Exception> {
        R apply(T t) throws E;
    }

    /**
     * The steps of {@link JobStore#dispatch}, for a store to run with its own update and read: the one place
     * for their order and for where they stop.
     */
    public static <E extends Exception> Dispatched run(Job finished, String deviceId, int limit,
            Step<Job, Optional<Job>, E> update, Step<String, List<Job>, E> nextPending,
            Function<Job, Optional<Job>> decide, Predicate<Job> enough) throws E {
        Optional<Job> finishedStored = Optional.empty();
        if (finished != null) {
            finishedStored = update.apply(finished);
            if (finishedStored.isEmpty()) {
                return new Dispatched(finishedStored, List.of(), false);
            }
        }
        List<Job> stored = new ArrayList<>();
        for (Job candidate : nextPending.apply(deviceId)) {
            Optional<Job> change = decide.apply(candidate);
            if (change.isEmpty()) {
                continue;
            }
            Optional<Job> done = update.apply(change.get());
            if (done.isEmpty()) {
                return new Dispatched(finishedStored, stored, true);
            }
            stored.add(done.get());
            if (enough.test(done.get())) {
                break;
            }
        }
        return new Dispatched(finishedStored, stored, false);
    }
}
