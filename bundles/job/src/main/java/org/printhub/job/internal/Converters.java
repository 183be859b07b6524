package org.printhub.job.internal;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.printhub.device.DeviceInfo;
import org.printhub.device.DocumentConverter;

/** The document converters installed, by the format each reads and writes. */
final class Converters {
    /** A converter that makes {@code to} from some format. */
    record Conversion(DocumentConverter converter, String from, String to) {
    }

    private final CopyOnWriteArrayList<Conversion> installed = new CopyOnWriteArrayList<>();

    void add(DocumentConverter converter, Map<String, Object> properties) {
        Object from = properties.get(DocumentConverter.FROM);
        Object to = properties.get(DocumentConverter.TO);
        if (from instanceof String f && to instanceof String t && !f.isBlank() && !t.isBlank()) {
            installed.add(new Conversion(converter, f.trim(), t.trim()));
        }
    }

    void remove(DocumentConverter converter) {
        installed.removeIf(c -> c.converter() == converter);
    }

    /** A converter from {@code mimeType} to a format the device takes, in the device's order of formats. */
    Optional<Conversion> find(String mimeType, DeviceInfo device) {
        for (String format : device.documentFormats()) {
            for (Conversion c : installed) {
                if (c.from().equalsIgnoreCase(mimeType) && c.to().equalsIgnoreCase(format)) {
                    return Optional.of(c);
                }
            }
        }
        return Optional.empty();
    }
}
