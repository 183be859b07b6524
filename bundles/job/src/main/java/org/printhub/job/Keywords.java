package org.printhub.job;

import java.util.function.Function;

/** Lookup of an IPP keyword enum by keyword or constant name, in any case. */
final class Keywords {
    private Keywords() {
    }

    static <E extends Enum<E>> E parse(E[] values, Function<E, String> keyword, String text, String what) {
        if (text != null) {
            String t = text.trim();
            for (E e : values) {
                if (keyword.apply(e).equalsIgnoreCase(t) || e.name().equalsIgnoreCase(t)) {
                    return e;
                }
            }
        }
        throw new IllegalArgumentException("not " + what + ": " + text);
    }
}
