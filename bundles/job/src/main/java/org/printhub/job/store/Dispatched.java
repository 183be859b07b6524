package org.printhub.job.store;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

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
}
