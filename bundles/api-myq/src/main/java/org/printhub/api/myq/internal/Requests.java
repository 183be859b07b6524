package org.printhub.api.myq.internal;

import java.math.BigDecimal;

import com.google.gson.JsonElement;
import com.google.gson.JsonPrimitive;

/** Reading values out of MyQ requests; every bad value is a 400 naming the field. */
final class Requests {
    private Requests() {
    }

    /** A job id from a path or a list: a positive decimal number. */
    static long id(String text, String what) {
        if (text == null || !text.matches("\\d{1,18}")) {
            throw MyqException.badRequest(what + " '" + clip(text) + "' is not a number");
        }
        long id = Long.parseLong(text);
        if (id < 1) {
            throw MyqException.badRequest(what + " must be positive, not " + id);
        }
        return id;
    }

    static long id(JsonElement e, String what) {
        return integer(e, what, 1, Long.MAX_VALUE);
    }

    /** A JSON integer from {@code min} to {@code max}. */
    static long integer(JsonElement e, String what, long min, long max) {
        if (e == null || !e.isJsonPrimitive() || !((JsonPrimitive) e).isNumber()) {
            throw MyqException.badRequest(what + " must be a number");
        }
        BigDecimal d;
        try {
            d = e.getAsBigDecimal();
        } catch (NumberFormatException ex) {
            throw MyqException.badRequest(what + " must be a number");
        }
        long n;
        try {
            n = d.longValueExact();
        } catch (ArithmeticException ex) {
            throw MyqException.badRequest(what + " must be a whole number from " + min + " to " + max);
        }
        if (n < min || n > max) {
            throw MyqException.badRequest(what + " must be " + min + " to " + max + ", not " + n);
        }
        return n;
    }

    static boolean bool(JsonElement e, String what) {
        if (e == null || !e.isJsonPrimitive() || !((JsonPrimitive) e).isBoolean()) {
            throw MyqException.badRequest(what + " must be true or false");
        }
        return e.getAsBoolean();
    }

    /** A string of at most {@code max} characters, or null for JSON null or a missing value. */
    static String text(JsonElement e, String what, int max) {
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (!e.isJsonPrimitive() || !((JsonPrimitive) e).isString()) {
            throw MyqException.badRequest(what + " must be a string");
        }
        String s = e.getAsString();
        if (s.length() > max || s.chars().anyMatch(Character::isISOControl)) {
            throw MyqException.badRequest(what + " must be at most " + max + " printable characters");
        }
        return s;
    }

    static int queryInt(String value, String what, int min, int max, int absent) {
        if (value == null) {
            return absent;
        }
        if (!value.matches("-?\\d{1,9}")) {
            throw MyqException.badRequest(what + " '" + clip(value) + "' is not a number");
        }
        int n = Integer.parseInt(value);
        if (n < min || n > max) {
            throw MyqException.badRequest(what + " must be " + min + " to " + max + ", not " + n);
        }
        return n;
    }

    static Boolean queryBool(String value, String what) {
        if (value == null) {
            return null;
        }
        if (value.equalsIgnoreCase("true") || value.equals("1")) {
            return true;
        }
        if (value.equalsIgnoreCase("false") || value.equals("0")) {
            return false;
        }
        throw MyqException.badRequest(what + " must be true or false, not '" + clip(value) + "'");
    }

    static String clip(String s) {
        if (s == null) {
            return "";
        }
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
