package org.printhub.device.virtual.internal;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.printhub.device.DeviceInfo;

/** The configured document formats: an array from a typed configuration, or comma-separated text from a .cfg file. */
final class Formats {
    private static final Pattern MIME_TYPE = Pattern.compile("[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*");

    private Formats() {
    }

    /** @throws IllegalArgumentException for an entry that is not a MIME type */
    static Set<String> parse(String[] configured) {
        Set<String> formats = new LinkedHashSet<>();
        for (String entry : configured) {
            for (String format : entry.split(",")) {
                String f = format.trim().toLowerCase(Locale.ROOT);
                if (f.isEmpty()) {
                    continue;
                }
                if (!MIME_TYPE.matcher(f).matches()) {
                    throw new IllegalArgumentException("not a MIME type in documentFormats: '" + format.trim() + "'");
                }
                formats.add(f);
            }
        }
        return formats.isEmpty() ? Set.of(DeviceInfo.ANY_FORMAT) : formats;
    }
}
