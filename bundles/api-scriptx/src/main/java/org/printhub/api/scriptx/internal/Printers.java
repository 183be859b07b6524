package org.printhub.api.scriptx.internal;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.printhub.device.DeviceInfo;
import org.printhub.job.PrinterService;
import org.printhub.job.PrinterStatus;

/**
 * Printhub's devices under ScriptX printer names: a device is named by its id (or its display name), network names
 * arrive with {@code ||} for each backslash, and {@code default}/{@code systemdefault} mean the configured default.
 */
final class Printers {
    private final PrinterService printers;
    private final String configuredDefault;
    private final String fileDevice;

    Printers(PrinterService printers, String configuredDefault, String fileDevice) {
        this.printers = printers;
        this.configuredDefault = configuredDefault == null ? "" : configuredDefault.trim();
        this.fileDevice = fileDevice;
    }

    /** Ids of the registered devices, sorted. */
    List<String> names() {
        return printers.registeredDevices().stream().map(DeviceInfo::id).sorted().toList();
    }

    /** With its status (which counts its queue): for what shows a printer, not for every print. */
    Optional<PrinterStatus> find(String id) {
        return printers.printer(id).filter(PrinterStatus::present);
    }

    /** Whether a driver registers the device now. */
    boolean has(String id) {
        return printers.registeredDevices().stream().anyMatch(d -> d.id().equals(id));
    }

    /** The default printer: the configured one if present, else the first device other than the file device. */
    Optional<String> defaultId() {
        if (!configuredDefault.isEmpty()) {
            return has(configuredDefault) ? Optional.of(configuredDefault) : Optional.empty();
        }
        List<String> all = names();
        return all.stream().filter(id -> !id.equals(fileDevice)).findFirst().or(() -> all.stream().findFirst());
    }

    /** The device id a ScriptX printer name means; empty for none. */
    Optional<String> resolve(String name) {
        String n = name == null ? "" : name.replace("||", "\\").trim();
        if (n.isEmpty() || ScriptxJobs.isDefaultName(n)) {
            return defaultId();
        }
        return printers.registeredDevices().stream()
                .filter(d -> d.id().equalsIgnoreCase(n) || n.equalsIgnoreCase(d.name()))
                .min(Comparator.comparing(DeviceInfo::id)).map(DeviceInfo::id);
    }
}
