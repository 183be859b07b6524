package org.printhub.device.gcode.internal;

import java.io.IOException;

import org.printhub.device.DeviceException;

/** The printer or its link failed: the job stops and is retried, and the link is opened afresh next time. */
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

    DeviceException toDeviceException() {
        return DeviceException.retryable(reason, getMessage(), this);
    }
}
