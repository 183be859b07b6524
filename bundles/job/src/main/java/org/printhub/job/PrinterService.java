package org.printhub.job;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;
import org.printhub.device.DeviceInfo;

/**
 * The devices jobs can print on, as the dispatcher sees them. A device is listed while a driver registers
 * it, and also while it has active jobs but its driver is away (not {@link PrinterStatus#present()}).
 */
@ProviderType
public interface PrinterService {

    List<PrinterStatus> printers();

    Optional<PrinterStatus> printer(String deviceId);

    /**
     * Whether {@link #printer(String)} lists the device, without working out its status (which counts its queue):
     * for a surface that only checks a target exists, on every request.
     */
    default boolean isListed(String deviceId) {
        return printer(deviceId).isPresent();
    }

    /**
     * What the drivers registered now declare, by device id: the {@link PrinterStatus#present() present}
     * printers without their status (which counts each queue), for a surface resolving a printer name on every
     * request.
     */
    default List<DeviceInfo> registeredDevices() {
        return printers().stream().map(PrinterStatus::info).flatMap(Optional::stream).toList();
    }

    /**
     * Stops handing jobs to the device (IPP Pause-Printer); the job printing now finishes. Remembered
     * across restarts.
     */
    PrinterStatus pause(String deviceId);

    /** Undoes {@link #pause}. */
    PrinterStatus resume(String deviceId);
}
