package org.printhub.api.octoprint.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.printhub.job.Job;
import org.printhub.job.JobState;
import org.printhub.job.JobStateReasons;
import org.printhub.job.PrinterStatus;

/**
 * OctoPrint's printer state (its text and flags) for one device and the file selected on it. OctoPrint has one
 * current job per server, so the state is the device's and the selected file's together:
 * no driver registered, or the device paused by {@code disconnect}, is {@code Offline}; a selected file waiting in
 * the queue is {@code Starting}; printing is {@code Printing}; suspended is {@code Paused}; a job stopped by a
 * device error waits as {@code Paused} with the error, so it can be resumed or cancelled; anything else is
 * {@code Operational}. A suspended job is {@code Pausing} until its driver has stopped sending it (see
 * {@link OctoStatus}). A print stopped by a device error (a lost link, a printer error) is ended by the surface and
 * shows as {@code Offline after error} until a client connects again or the driver reports a new link; so does a
 * link error while idle. A job that was printing when the server stopped is requeued by the core and held again by
 * this surface, so it shows as {@code Operational} with the file selected, never as a print that is not running.
 */
record OctoState(String text, boolean operational, boolean printing, boolean paused, boolean cancelling,
        boolean pausing, boolean error, String errorText) {

    static final OctoState OFFLINE = new OctoState("Offline", false, false, false, false, false, false, "");

    static OctoState of(Optional<PrinterStatus> printer, Optional<Job> selected, boolean cancelRequested,
            String linkError) {
        return of(printer, selected, cancelRequested, false, linkError);
    }

    /**
     * @param stopping a suspended job whose driver has not reached its stop point yet: OctoPrint's {@code Pausing}
     */
    static OctoState of(Optional<PrinterStatus> printer, Optional<Job> selected, boolean cancelRequested,
            boolean stopping, String linkError) {
        if (printer.isEmpty() || !printer.get().present()) {
            return OFFLINE;
        }
        Job job = selected.orElse(null);
        boolean ownsDevice = job != null && printer.get().currentJobId().orElse(0) == job.id();
        if (job != null && job.state() == JobState.PROCESSING) {
            return cancelRequested ? busy("Cancelling", true, false) : busy("Printing", false, false);
        }
        if (job != null && job.state() == JobState.STOPPED && job.hasReason(JobStateReasons.JOB_SUSPENDED)
                && (stopping || job.hasReason(JobStateReasons.PROCESSING_TO_STOP_POINT))) {
            return busy("Pausing", false, true);
        }
        if (job != null && job.state() == JobState.STOPPED && !job.hasReason(JobStateReasons.JOB_SUSPENDED)) {
            // stopped by a device error: the surface cancels it at once, OctoPrint never retries a print
            return new OctoState("Error", false, false, false, false, false, true, job.stateMessage());
        }
        if (job != null && job.state() == JobState.STOPPED) {
            return new OctoState("Paused", true, false, true, false, false, false, "");
        }
        if (printer.get().paused() && !ownsDevice) {
            return OFFLINE;
        }
        if (job != null && job.state() == JobState.PENDING) {
            return busy("Starting", false, false);
        }
        if (linkError != null && !linkError.isEmpty()) {
            return new OctoState("Offline after error", false, false, false, false, false, true, linkError);
        }
        return new OctoState("Operational", true, false, false, false, false, false, "");
    }

    private static OctoState busy(String text, boolean cancelling, boolean pausing) {
        return new OctoState(text, true, true, false, cancelling, pausing, false, "");
    }

    /** Printing or paused: what OctoPrint's job commands call an active job. */
    boolean active() {
        return printing || paused;
    }

    boolean ready() {
        return operational && !active();
    }

    Map<String, Object> flags() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("operational", operational);
        f.put("printing", printing);
        f.put("cancelling", cancelling);
        f.put("pausing", pausing);
        f.put("resuming", false);
        f.put("finishing", false);
        f.put("closedOrError", !operational || error);
        f.put("error", error);
        f.put("paused", paused);
        f.put("ready", ready());
        f.put("sdReady", false);
        return f;
    }
}
