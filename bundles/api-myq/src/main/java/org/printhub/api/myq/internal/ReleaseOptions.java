package org.printhub.api.myq.internal;

import java.util.Map;
import java.util.Set;

import org.printhub.job.ColorMode;
import org.printhub.job.JobTicket;
import org.printhub.job.Sides;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * MyQ's {@code releaseOptions}. Their enumerations are undocumented; Printhub reads 0 as "as the job says" for
 * each, {@code duplex} 1 one-sided, 2 two-sided long edge, 3 two-sided short edge, {@code color} 1 colour,
 * 2 monochrome, and passes stapling, punching and toner saving to the driver as ticket extensions.
 */
record ReleaseOptions(int copies, int duplex, int color, int stapling, int punching, int tonerSaving) {
    static final ReleaseOptions NONE = new ReleaseOptions(0, 0, 0, 0, 0, 0);
    private static final Set<String> FIELDS = Set.of("copies", "duplex", "color", "stapling",
            "punching", "tonerSaving");

    /** @throws MyqException (400) for an unknown field or a value out of range */
    static ReleaseOptions parse(JsonElement e) {
        if (e == null || e.isJsonNull()) {
            return NONE;
        }
        if (!e.isJsonObject()) {
            throw MyqException.badRequest("releaseOptions must be an object");
        }
        JsonObject o = e.getAsJsonObject();
        for (String key : o.keySet()) {
            if (!FIELDS.contains(key)) {
                throw MyqException.badRequest("releaseOptions." + key + " is not a release option (options: copies, "
                        + "duplex, color, stapling, punching, tonerSaving)");
            }
        }
        return new ReleaseOptions(value(o, "copies", JobTicket.MAX_COPIES), value(o, "duplex", 3),
                value(o, "color", 2), value(o, "stapling", 99), value(o, "punching", 99), value(o, "tonerSaving", 1));
    }

    boolean changesTicket() {
        return !equals(NONE);
    }

    JobTicket applyTo(JobTicket ticket) {
        JobTicket.Builder b = ticket.toBuilder();
        if (copies > 0) {
            b.copies(copies);
        }
        if (duplex > 0) {
            b.sides(duplex == 1 ? Sides.ONE_SIDED : duplex == 2 ? Sides.TWO_SIDED_LONG_EDGE
                    : Sides.TWO_SIDED_SHORT_EDGE);
        }
        if (color > 0) {
            b.colorMode(color == 1 ? ColorMode.COLOR : ColorMode.MONOCHROME);
        }
        for (Map.Entry<String, Integer> x : Map.of("myq.stapling", stapling, "myq.punching", punching,
                "myq.tonerSaving", tonerSaving).entrySet()) {
            if (x.getValue() > 0) {
                b.extension(x.getKey(), Integer.toString(x.getValue()));
            }
        }
        return b.build();
    }

    private static int value(JsonObject o, String name, int max) {
        JsonElement v = o.get(name);
        if (v == null || v.isJsonNull()) {
            return 0;
        }
        return (int) Requests.integer(v, "releaseOptions." + name, 0, max);
    }
}
