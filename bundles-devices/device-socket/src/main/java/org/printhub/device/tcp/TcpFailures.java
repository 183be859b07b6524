package org.printhub.device.tcp;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;

import org.printhub.device.DeviceException;
import org.printhub.device.Interrupts;

/**
 * Turns a failed conversation with a network printer into the retryable {@link DeviceException} the job stops
 * with: the printer may come back, so the job waits for it rather than being lost.
 */
public final class TcpFailures {
    /** IPP printer-state-reasons used here. */
    public static final String CONNECTING_TO_DEVICE = "connecting-to-device";
    public static final String TIMED_OUT = "timed-out";
    public static final String OFFLINE_REPORT = "offline-report";

    private TcpFailures() {
    }

    /**
     * @param endpoint the printer
     * @param progress what had been done when it failed, e.g. {@code "after 1048576 of 3000000 bytes"}; may be
     *        empty
     * @throws InterruptedException instead of returning, when {@code e} stands for a cancel
     */
    public static DeviceException toDeviceException(Endpoint endpoint, IOException e, String progress)
            throws InterruptedException {
        Interrupts.rethrowIfInterrupt(e);
        String at = progress.isEmpty() ? "" : " " + progress;
        if (e instanceof UnknownHostException) {
            return DeviceException.retryable(CONNECTING_TO_DEVICE,
                    "cannot resolve host '" + endpoint.host() + "' (DNS)", e);
        }
        if (e instanceof TcpConnection.TimedOutException) {
            return DeviceException.retryable(TIMED_OUT, e.getMessage() + at, e);
        }
        if (e instanceof ConnectException || e instanceof NoRouteToHostException || e instanceof BindException) {
            return DeviceException.retryable(CONNECTING_TO_DEVICE,
                    "cannot connect to " + endpoint + ": " + e.getMessage(), e);
        }
        return DeviceException.retryable(OFFLINE_REPORT,
                "connection to " + endpoint + " lost" + at + ": " + e.getMessage(), e);
    }
}
