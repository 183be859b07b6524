package org.printhub.device;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * One printer, as a driver presents it to the core.
 *
 * <h2>Lifecycle</h2>
 * Activation only validates configuration and returns at once: no connecting, probing or DNS look-ups there.
 * The driver connects lazily in {@link #print}, and after an I/O error reconnects on the next task. When the
 * service goes away (bundle stopped or updated, configuration deleted), the core interrupts any running
 * {@code print} call and puts its job back in the queue; the job resumes when a device with the same
 * {@link DeviceInfo#id()} registers again. Deactivation must leave no threads or sockets behind.
 *
 * <h2>Threads</h2>
 * {@link #info()} is called from any thread and must not block. {@link #print} is called on a dispatcher
 * thread and blocks until the device has taken the whole job.
 */
@ConsumerType
public interface Device {

    /** What the device is and can do. Cheap, non-blocking, stable for the lifetime of the service. */
    DeviceInfo info();

    /**
     * Prints one job: streams its documents to the device, reports progress through the task, and returns
     * normally only when the device has confirmed the job (or, for a device that cannot confirm, has taken all
     * of its bytes). Returning normally marks the job completed.
     *
     * <p>The driver calls {@link PrintTask#checkpoint()} at safe points (between pages, between documents):
     * it blocks while the job is suspended and throws {@link InterruptedException} once the job is canceled
     * or the device is going away. Cancellation also interrupts the calling thread, so blocking I/O ends with
     * an {@link InterruptedException} or {@link java.io.InterruptedIOException}; the driver then cleans up
     * (e.g. removes a half-written file, tells the printer to cancel) and lets the exception out.
     *
     * @throws DeviceException when the device failed the job: {@link DeviceException#retryable()} ones stop
     *         the job and retry it with back-off (paper out, offline-report, busy); others abort it (a document the
     *         printer rejects)
     * @throws InterruptedException when canceled or interrupted; the outcome is then the core's to decide
     */
    void print(PrintTask task) throws DeviceException, InterruptedException;
}
