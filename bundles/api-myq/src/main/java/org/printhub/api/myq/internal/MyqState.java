package org.printhub.api.myq.internal;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

import org.printhub.job.Job;
import org.printhub.job.JobState;

/**
 * The one table from core job states to MyQ's job state strings (see ../shared/reference/myq.md §4 and the
 * IPP mapping in its README).
 */
enum MyqState {
    PROCESSING("processing", JobState.PENDING),
    PAUSED("paused", JobState.STOPPED),
    READY("ready", JobState.HELD),
    PRINTING("printing", JobState.PENDING, JobState.PROCESSING),
    PRINTED("printed", JobState.COMPLETED),
    CANCELED("canceled", JobState.CANCELED),
    DELETED("deleted", JobState.CANCELED),
    FAILED("failed", JobState.ABORTED);

    /** Ticket extension that marks a held job canceled because its retention ran out. */
    static final String EXPIRED_MARK = "myq.expired";

    private final String text;
    private final Set<JobState> coreStates;

    MyqState(String text, JobState first, JobState... rest) {
        this.text = text;
        this.coreStates = EnumSet.of(first, rest);
    }

    String text() {
        return text;
    }

    /** The core states a job in this MyQ state can be in; some hold jobs of other MyQ states too. */
    Set<JobState> coreStates() {
        return coreStates;
    }

    /** Whether the core states alone decide this MyQ state, so a core query needs no second look. */
    boolean isExact() {
        for (MyqState other : values()) {
            if (other != this && other.coreStates.stream().anyMatch(coreStates::contains)) {
                return false;
            }
        }
        return true;
    }

    /**
     * @param inPullQueue whether the job's device is a pull queue: a pending job there is still being received
     *        and is about to be held, while a pending job on a printer has been released and waits its turn
     */
    static MyqState of(Job job, boolean inPullQueue) {
        switch (job.state()) {
            case PENDING:
                return inPullQueue ? PROCESSING : PRINTING;
            case HELD:
                return READY;
            case PROCESSING:
                return PRINTING;
            case STOPPED:
                return PAUSED;
            case COMPLETED:
                return PRINTED;
            case CANCELED:
                return job.ticket().extensions().containsKey(EXPIRED_MARK) ? DELETED : CANCELED;
            case ABORTED:
                return FAILED;
            default:
                throw new IllegalArgumentException("no MyQ state for " + job.state());
        }
    }

    /** @throws IllegalArgumentException naming the text and the states there are */
    static MyqState parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (MyqState s : values()) {
            if (s.text.equals(t)) {
                return s;
            }
        }
        StringBuilder known = new StringBuilder();
        for (MyqState s : values()) {
            known.append(known.length() == 0 ? "" : ", ").append(s.text);
        }
        throw new IllegalArgumentException("unknown state '" + text + "' (states: " + known + ")");
    }
}
