package org.printhub.api.scriptx.internal;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

/**
 * A JSON object read as ASP.NET Core binds models: names in any case (MeadCo's client sends {@code ContentType}
 * and {@code contentType} alike), unknown members ignored, numbers as numbers or numeric strings, booleans as
 * BooleanOption (1 true, 2 false) too.
 */
final class Fields {
    private static final Fields EMPTY = new Fields(new JsonObject());

    private final Map<String, JsonElement> members = new HashMap<>();

    private Fields(JsonObject object) {
        for (Map.Entry<String, JsonElement> e : object.entrySet()) {
            members.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue());
        }
    }

    /** The fields of an object; none for null, JSON null or anything else. */
    static Fields of(JsonElement element) {
        return element != null && element.isJsonObject() ? new Fields(element.getAsJsonObject()) : EMPTY;
    }

    /** The members as an object, names in lower case: {@code Fields.of(toJson())} reads the same. */
    JsonObject toJson() {
        JsonObject o = new JsonObject();
        members.forEach((name, value) -> o.add(name, value.deepCopy()));
        return o;
    }

    boolean has(String name) {
        JsonElement e = members.get(name.toLowerCase(Locale.ROOT));
        return e != null && !e.isJsonNull();
    }

    Fields object(String name) {
        return of(members.get(name.toLowerCase(Locale.ROOT)));
    }

    /** A string member; numbers and booleans as their text; {@code fallback} when absent or null. */
    String string(String name, String fallback) {
        JsonElement e = members.get(name.toLowerCase(Locale.ROOT));
        if (e == null || e.isJsonNull()) {
            return fallback;
        }
        if (!e.isJsonPrimitive()) {
            throw new IllegalArgumentException(name + " must be a string");
        }
        return e.getAsString();
    }

    /**
     * An integer member: a number, a numeric string, or a boolean as BooleanOption (true 1, false 2).
     *
     * @throws IllegalArgumentException for anything else
     */
    int integer(String name, int fallback) {
        JsonElement e = members.get(name.toLowerCase(Locale.ROOT));
        if (e == null || e.isJsonNull() || (e.isJsonPrimitive() && e.getAsString().isBlank())) {
            return fallback;
        }
        if (e.isJsonPrimitive()) {
            JsonPrimitive p = e.getAsJsonPrimitive();
            if (p.isBoolean()) {
                return p.getAsBoolean() ? 1 : 2;
            }
            try {
                double d = Double.parseDouble(p.getAsString().trim());
                if (d == Math.rint(d) && Math.abs(d) <= Integer.MAX_VALUE) {
                    return (int) d;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
        }
        throw new IllegalArgumentException(name + " must be a whole number, not " + shorten(e.toString()));
    }

    /** A decimal member, as a number or a string ({@code "10"}, {@code "1.0"}). */
    double decimal(String name, double fallback) {
        JsonElement e = members.get(name.toLowerCase(Locale.ROOT));
        if (e == null || e.isJsonNull() || (e.isJsonPrimitive() && e.getAsString().isBlank())) {
            return fallback;
        }
        if (e.isJsonPrimitive() && !e.getAsJsonPrimitive().isBoolean()) {
            try {
                double d = Double.parseDouble(e.getAsString().trim().replace(',', '.'));
                if (Double.isFinite(d)) {
                    return d;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
        }
        throw new IllegalArgumentException(name + " must be a number, not " + shorten(e.toString()));
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
