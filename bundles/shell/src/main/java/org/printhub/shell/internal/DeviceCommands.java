package org.printhub.shell.internal;

import java.util.Comparator;
import java.util.List;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.printhub.job.PrinterService;
import org.printhub.job.PrinterStatus;

@Component(service = DeviceCommands.class)
@GogoCommand(scope = "device", function = { "list", "pause", "resume" })
public final class DeviceCommands {
    private final PrinterService printers;

    @Activate
    public DeviceCommands(@Reference PrinterService printers) {
        this.printers = printers;
    }

    @Descriptor("list devices, including absent ones that still have jobs")
    public List<PrinterStatus> list() {
        return printers.printers().stream().sorted(Comparator.comparing(PrinterStatus::id)).toList();
    }

    @Descriptor("stop handing jobs to a device; the job printing now finishes")
    public PrinterStatus pause(@Descriptor("device id") String id) {
        return printers.pause(known(id));
    }

    @Descriptor("hand jobs to a paused device again")
    public PrinterStatus resume(@Descriptor("device id") String id) {
        return printers.resume(known(id));
    }

    private String known(String id) {
        String d = id.trim();
        if (printers.printer(d).isEmpty()) {
            throw new IllegalArgumentException("no such device: " + d);
        }
        return d;
    }
}
