package org.printhub.job;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import org.printhub.device.DeviceInfo;

/**
 * A snapshot of one device as the dispatcher sees it: what the driver declares, and what is printing.
 */
public final class PrinterStatus {
    private final String id;
    private final DeviceInfo info;
    private final boolean present;
    private final boolean paused;
    private final PrinterState state;
    private final Set<String> stateReasons;
    private final String stateMessage;
    private final long currentJobId;
    private final int queuedJobs;

    /**
     * @param info what the driver declares, or {@code null} when no driver registers the device now
     * @param currentJobId the job printing, or 0
     */
    public PrinterStatus(String id, DeviceInfo info, boolean paused, PrinterState state, Set<String> stateReasons,
            String stateMessage, long currentJobId, int queuedJobs) {
        this.id = id;
        this.info = info;
        this.present = info != null;
        this.paused = paused;
        this.state = state;
        this.stateReasons = Set.copyOf(stateReasons);
        this.stateMessage = stateMessage == null ? "" : stateMessage;
        this.currentJobId = currentJobId;
        this.queuedJobs = queuedJobs;
    }

    public String id() {
        return id;
    }

    /** Empty while no driver registers this device (stopped, being updated, unconfigured). */
    public Optional<DeviceInfo> info() {
        return Optional.ofNullable(info);
    }

    public boolean present() {
        return present;
    }

    /** An administrator paused the device: it accepts jobs but prints none. */
    public boolean paused() {
        return paused;
    }

    public PrinterState state() {
        return state;
    }

    /** IPP {@code printer-state-reasons}, e.g. {@code paused}, {@code media-empty}; empty when none. */
    public Set<String> stateReasons() {
        return stateReasons;
    }

    public String stateMessage() {
        return stateMessage;
    }

    public OptionalLong currentJobId() {
        return currentJobId == 0 ? OptionalLong.empty() : OptionalLong.of(currentJobId);
    }

    /** Jobs pending for this device, not counting the current one. */
    public int queuedJobs() {
        return queuedJobs;
    }
}
