package org.printhub.device.ipp.internal;

import java.util.ArrayList;
import java.util.List;

import org.printhub.job.ColorMode;
import org.printhub.job.JobTicket;
import org.printhub.job.Orientation;
import org.printhub.job.PageRange;
import org.printhub.job.Scaling;

import com.hp.jipp.encoding.Attribute;
import com.hp.jipp.model.Types;

import kotlin.ranges.IntRange;

/**
 * A job ticket as IPP job template attributes (RFC 8011 §5.2, PWG 5100.13), limited to what the printer says it
 * supports; what it cannot do is listed, not sent, so a printer that insists on fidelity still prints the job.
 */
final class TicketMapping {
    final List<Attribute<?>> attributes = new ArrayList<>();
    final List<String> ignored = new ArrayList<>();

    private TicketMapping() {
    }

    static TicketMapping of(JobTicket ticket, PrinterCapabilities printer) {
        TicketMapping m = new TicketMapping();
        if (ticket.copies() > 1) {
            m.add(ticket.copies() <= printer.maxCopies, Types.copies.of(ticket.copies()), "copies=" + ticket.copies());
        }
        if (ticket.sides().isDuplex() || printer.sides.contains(ticket.sides().keyword())) {
            m.add(printer.sides.contains(ticket.sides().keyword()), Types.sides.of(ticket.sides().keyword()),
                    "sides=" + ticket.sides().keyword());
        }
        if (ticket.colorMode() != ColorMode.AUTO) {
            String mode = ticket.colorMode().keyword();
            m.add(printer.colorModes.contains(mode), Types.printColorMode.of(mode), "print-color-mode=" + mode);
        }
        if (ticket.orientation() != Orientation.AUTO) {
            com.hp.jipp.model.Orientation o = orientation(ticket.orientation());
            m.add(printer.orientations.contains(o.getCode()), Types.orientationRequested.of(o),
                    "orientation-requested=" + ticket.orientation().keyword());
        }
        if (ticket.media() != null) {
            m.add(printer.media.contains(ticket.media()), Types.media.of(ticket.media()), "media=" + ticket.media());
        }
        if (!ticket.pageRanges().isEmpty()) {
            List<IntRange> ranges = new ArrayList<>();
            for (PageRange r : ticket.pageRanges()) {
                ranges.add(new IntRange(r.first(), r.last()));
            }
            m.add(printer.pageRanges, Types.pageRanges.of(ranges), "page-ranges=" + PageRange.format(ticket.pageRanges()));
        }
        if (ticket.scaling() != Scaling.AUTO) {
            String scaling = ticket.scaling().keyword();
            m.add(printer.scaling.contains(scaling), Types.printScaling.of(scaling), "print-scaling=" + scaling);
        }
        if (ticket.priority() != JobTicket.DEFAULT_PRIORITY) {
            m.add(printer.priority, Types.jobPriority.of(ticket.priority()), "job-priority=" + ticket.priority());
        }
        return m;
    }

    private void add(boolean supported, Attribute<?> attribute, String asText) {
        if (supported) {
            attributes.add(attribute);
        } else {
            ignored.add(asText);
        }
    }

    /** Drops the attributes a printer named as unsupported in its answer to Validate-Job. */
    void drop(List<String> names) {
        attributes.removeIf(a -> {
            if (names.contains(a.getName())) {
                ignored.add(a.getName() + "=" + String.join(",", a.strings()));
                return true;
            }
            return false;
        });
    }

    private static com.hp.jipp.model.Orientation orientation(Orientation o) {
        return switch (o) {
            case PORTRAIT -> com.hp.jipp.model.Orientation.portrait;
            case LANDSCAPE -> com.hp.jipp.model.Orientation.landscape;
            case REVERSE_LANDSCAPE -> com.hp.jipp.model.Orientation.reverseLandscape;
            case REVERSE_PORTRAIT -> com.hp.jipp.model.Orientation.reversePortrait;
            case AUTO -> com.hp.jipp.model.Orientation.none;
        };
    }
}
