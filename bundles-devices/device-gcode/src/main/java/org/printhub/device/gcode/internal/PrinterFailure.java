package org.printhub.device.gcode.internal;

import java.io.IOException;

import org.printhub.device.DeviceException;

/**
 * The printer or its link failed: the link is opened afresh next time; the job is retried if none of it had reached
 * the printer, and ends otherwise.
 */
final class PrinterFailure extends IOException {
    private static final long serialVersionUID = 1L;

    /** IPP printer-state-reasons used for these failures. */
    static final String CONNECTING_TO_DEVICE = "connecting-to-device";
    static final String TIMED_OUT = "timed-out";
    static final String OFFLINE_REPORT = "offline-report";
    static final String PRINTER_STOPPED = "printer-stopped";

    private final String reason;

    PrinterFailure(String reason, String message) {
        this(reason, message, null);
    }

    PrinterFailure(String reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    String reason() {
        return reason;
    }

    /** Nothing of the job reached the printer yet: it waits and is tried again. */
    DeviceException toDeviceException() {
        return DeviceException.retryable(reason, getMessage(), this);
    }

    /** Part of the job was printed: it ends (aborted), never printed again from the start by itself. */
    DeviceException toFailedPrint(long linesSent) {
        return new DeviceException(reason, getMessage() + "; the print stopped after " + linesSent
                + (linesSent == 1 ? " line" : " lines") + " and is not started again by itself", false, this);
    }
}
