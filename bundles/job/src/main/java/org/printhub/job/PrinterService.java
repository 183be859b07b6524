package org.printhub.job;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The devices jobs can print on, as the dispatcher sees them. A device is listed while a driver registers
 * it, and also while it has active jobs but its driver is away (not {@link PrinterStatus#present()}).
 */
@ProviderType
public interface PrinterService {

    List<PrinterStatus> printers();

    Optional<PrinterStatus> printer(String deviceId);

    /**
     * Stops handing jobs to the device (IPP Pause-Printer); the job printing now finishes. Remembered
     * across restarts.
     */
    PrinterStatus pause(String deviceId);

    /** Undoes {@link #pause}. */
    PrinterStatus resume(String deviceId);
}
