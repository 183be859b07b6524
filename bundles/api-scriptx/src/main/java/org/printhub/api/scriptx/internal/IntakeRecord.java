package org.printhub.api.scriptx.internal;

import java.time.Instant;

import org.printhub.api.scriptx.internal.ScriptxJobs.Area;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;

/**
 * What a printHtml or printPdf request needs to be prepared again after a restart, as accepted; or, once its
 * preparation ended before the core took the job, only how it ended ({@code endedStatus}, without the content).
 *
 * @param contentType printHtml's content type (1 Url, 2 Html, 4 InnerHtml); 0 for printPdf
 * @param content the HTML or URL (printHtml), the URL or data: URL (printPdf); null once ended
 * @param settings the request's {@code settings} object, member names in lower case
 * @param device the request's {@code device} object, member names in lower case
 * @param cookie {@code protectedContentAccess.cookie}, kept only when a fetch may send it
 * @param fileName the print-to-file name asked for, or null
 * @param endedStatus the ScriptX status it ended with before reaching the core, or null while it is to be prepared
 */
record IntakeRecord(String token, Area area, Instant accepted, String owner, String description, String deviceId,
        boolean toFile, String fileName, int contentType, String content, JsonObject settings, JsonObject device,
        String cookie, Integer endedStatus, String endedMessage, Instant ended) {

    static final int VERSION = 1;

    boolean isEnded() {
        return endedStatus != null;
    }

    /** The record of a job that ended before the core took it: how it ended, no content, no cookie. */
    static IntakeRecord ended(String token, Area area, boolean toFile, String fileName, int status, String message,
            Instant at) {
        return new IntakeRecord(token, area, at, "", "", "", toFile, fileName, 0, null, new JsonObject(),
                new JsonObject(), null, status, message == null ? "" : message, at);
    }

    JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("version", VERSION);
        o.addProperty("token", token);
        o.addProperty("area", area.name().toLowerCase(java.util.Locale.ROOT));
        o.addProperty("accepted", accepted.toEpochMilli());
        o.addProperty("owner", owner);
        o.addProperty("description", description);
        o.addProperty("deviceId", deviceId);
        o.addProperty("toFile", toFile);
        o.addProperty("fileName", fileName);
        o.addProperty("contentType", contentType);
        o.addProperty("content", content);
        o.add("settings", settings);
        o.add("device", device);
        o.addProperty("cookie", cookie);
        if (endedStatus != null) {
            o.addProperty("endedStatus", endedStatus);
            o.addProperty("endedMessage", endedMessage);
            o.addProperty("ended", ended.toEpochMilli());
        }
        return o;
    }

    /** @throws JsonParseException if a member is missing or of the wrong kind, or the version is unknown */
    static IntakeRecord fromJson(JsonObject o) {
        try {
            if (o.get("version").getAsInt() != VERSION) {
                throw new JsonParseException("unknown record version " + o.get("version"));
            }
            Area area = Area.valueOf(o.get("area").getAsString().toUpperCase(java.util.Locale.ROOT));
            boolean ended = o.has("endedStatus");
            if (!ended && (string(o, "content") == null || o.getAsJsonObject("settings") == null
                    || o.getAsJsonObject("device") == null)) {
                throw new JsonParseException("the record has no content, settings or device");
            }
            return new IntakeRecord(o.get("token").getAsString(), area,
                    Instant.ofEpochMilli(o.get("accepted").getAsLong()), string(o, "owner"), string(o, "description"),
                    o.get("deviceId").getAsString(), o.get("toFile").getAsBoolean(), string(o, "fileName"),
                    o.get("contentType").getAsInt(), string(o, "content"), o.getAsJsonObject("settings"),
                    o.getAsJsonObject("device"), string(o, "cookie"), ended ? o.get("endedStatus").getAsInt() : null,
                    ended ? string(o, "endedMessage") : null,
                    ended ? Instant.ofEpochMilli(o.get("ended").getAsLong()) : null);
        } catch (NullPointerException | ClassCastException | IllegalStateException | IllegalArgumentException
                | UnsupportedOperationException e) {
            throw new JsonParseException("not an intake record: " + e.getMessage(), e);
        }
    }

    private static String string(JsonObject o, String name) {
        JsonElement e = o.get(name);
        return e == null || e.isJsonNull() ? null : e.getAsString();
    }
}
