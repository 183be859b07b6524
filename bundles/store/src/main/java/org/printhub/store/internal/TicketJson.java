package org.printhub.store.internal;

import java.util.Map;

import org.printhub.job.ColorMode;
import org.printhub.job.JobTicket;
import org.printhub.job.Orientation;
import org.printhub.job.PageRange;
import org.printhub.job.Scaling;
import org.printhub.job.Sides;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The ticket column: JSON with explicit keys and IPP keywords, so the stored form does not change when the
 * API classes do. A missing key reads as the ticket default.
 */
final class TicketJson {
    private TicketJson() {
    }

    static String write(JobTicket t) {
        JsonObject o = new JsonObject();
        o.addProperty("copies", t.copies());
        o.addProperty("sides", t.sides().keyword());
        o.addProperty("colorMode", t.colorMode().keyword());
        o.addProperty("orientation", t.orientation().keyword());
        if (t.media() != null) {
            o.addProperty("media", t.media());
        }
        if (!t.pageRanges().isEmpty()) {
            o.addProperty("pageRanges", PageRange.format(t.pageRanges()));
        }
        o.addProperty("collate", t.collate());
        o.addProperty("scaling", t.scaling().keyword());
        o.addProperty("scalePercent", t.scalePercent());
        o.addProperty("priority", t.priority());
        if (!t.extensions().isEmpty()) {
            JsonObject ext = new JsonObject();
            t.extensions().forEach(ext::addProperty);
            o.add("extensions", ext);
        }
        return o.toString();
    }

    /** @throws RuntimeException (Gson's, or IllegalArgumentException) if the text is not a valid ticket */
    static JobTicket read(String json) {
        JsonObject o = JsonParser.parseString(json).getAsJsonObject();
        JobTicket.Builder b = JobTicket.builder();
        if (o.has("copies")) {
            b.copies(o.get("copies").getAsInt());
        }
        if (o.has("sides")) {
            b.sides(Sides.parse(o.get("sides").getAsString()));
        }
        if (o.has("colorMode")) {
            b.colorMode(ColorMode.parse(o.get("colorMode").getAsString()));
        }
        if (o.has("orientation")) {
            b.orientation(Orientation.parse(o.get("orientation").getAsString()));
        }
        if (o.has("media")) {
            b.media(o.get("media").getAsString());
        }
        if (o.has("pageRanges")) {
            b.pageRanges(o.get("pageRanges").getAsString());
        }
        if (o.has("collate")) {
            b.collate(o.get("collate").getAsBoolean());
        }
        if (o.has("scaling")) {
            b.scaling(Scaling.parse(o.get("scaling").getAsString()));
        }
        if (o.has("scalePercent")) {
            b.scalePercent(o.get("scalePercent").getAsInt());
        }
        if (o.has("priority")) {
            b.priority(o.get("priority").getAsInt());
        }
        if (o.has("extensions")) {
            for (Map.Entry<String, JsonElement> e : o.getAsJsonObject("extensions").entrySet()) {
                b.extension(e.getKey(), e.getValue().getAsString());
            }
        }
        return b.build();
    }
}
