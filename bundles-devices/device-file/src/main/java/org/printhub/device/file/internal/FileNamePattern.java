package org.printhub.device.file.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.printhub.job.DocumentInfo;
import org.printhub.job.Job;

/**
 * A file name pattern such as {@code {id}-{index}-{name}.{ext}}, checked when parsed; every expansion is a single
 * safe file name: no separators, no control characters, no leading dot or dash, no {@code ..}, at most
 * {@value #MAX_BYTES} bytes of UTF-8.
 */
final class FileNamePattern {
    static final int MAX_BYTES = 200;
    private static final int MAX_TOKEN_BYTES = 80;
    private static final Pattern TOKEN = Pattern.compile("\\{([a-z]+)}");
    private static final Pattern LITERAL = Pattern.compile("[\\p{L}\\p{N}._+()-]*");
    private static final Pattern EXTENSION = Pattern.compile("[A-Za-z0-9]{1,10}");
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final Map<String, String> EXTENSIONS = Map.ofEntries(
            Map.entry("application/pdf", "pdf"), Map.entry("application/postscript", "ps"),
            Map.entry("application/vnd.hp-pcl", "pcl"), Map.entry("image/pwg-raster", "pwg"),
            Map.entry("image/urf", "urf"), Map.entry("image/jpeg", "jpg"), Map.entry("image/png", "png"),
            Map.entry("text/plain", "txt"), Map.entry("text/html", "html"), Map.entry("text/x-gcode", "gcode"));
    private static final Set<String> TOKENS =
            Set.of("id", "token", "name", "owner", "document", "index", "ext", "device", "date", "copies");

    /** Text and tokens alternately: even positions are literal text, odd positions token names. */
    private final List<String> parts;

    private FileNamePattern(List<String> parts) {
        this.parts = parts;
    }

    /** @throws IllegalArgumentException for an unknown token or a character a file name must not have */
    static FileNamePattern parse(String pattern) {
        if (pattern == null || pattern.isBlank()) {
            throw new IllegalArgumentException("the file name pattern is empty");
        }
        List<String> parts = new ArrayList<>();
        Matcher m = TOKEN.matcher(pattern);
        int at = 0;
        while (m.find()) {
            parts.add(literal(pattern.substring(at, m.start()), pattern));
            if (!TOKENS.contains(m.group(1))) {
                throw new IllegalArgumentException("unknown token {" + m.group(1) + "} in file name pattern '"
                        + pattern + "'; known: " + String.join(", ", new TreeSet<>(TOKENS)));
            }
            parts.add(m.group(1));
            at = m.end();
        }
        parts.add(literal(pattern.substring(at), pattern));
        return new FileNamePattern(List.copyOf(parts));
    }

    private static String literal(String text, String pattern) {
        if (!LITERAL.matcher(text).matches()) {
            throw new IllegalArgumentException("file name pattern '" + pattern + "' may hold only tokens, letters, "
                    + "digits and - _ . + ( ), not '" + text + "'");
        }
        return text;
    }

    String expand(Job job, DocumentInfo document, String deviceId, Instant when) {
        Function<String, String> value = token -> switch (token) {
            case "id" -> Long.toString(job.id());
            case "token" -> job.token();
            case "name" -> clean(job.name(), "job");
            case "owner" -> clean(job.owner(), "anonymous");
            case "document" -> clean(stripExtension(document.name()), "document");
            case "index" -> Integer.toString(document.index() + 1);
            case "ext" -> extension(document);
            case "device" -> deviceId;
            case "date" -> DATE.format(when);
            case "copies" -> Integer.toString(job.ticket().copies());
            default -> throw new IllegalStateException(token);
        };
        StringBuilder name = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            name.append(i % 2 == 0 ? parts.get(i) : value.apply(parts.get(i)));
        }
        return fitKeepingExtension(sanitize(name.toString(), "document"), "");
    }

    /** {@code report.pdf} becomes {@code report-2.pdf}; the result is still at most {@value #MAX_BYTES} bytes. */
    static String withSuffix(String name, int n) {
        return fitKeepingExtension(name, "-" + n);
    }

    private static String fitKeepingExtension(String name, String suffix) {
        int dot = name.lastIndexOf('.');
        boolean hasExtension = dot > 0 && name.length() - dot <= 12;
        String base = hasExtension ? name.substring(0, dot) : name;
        String ext = hasExtension ? name.substring(dot) : "";
        String cut = fit(base, MAX_BYTES - suffix.length() - utf8Length(ext)).replaceAll("\\.+$", "");
        return cut + suffix + ext;
    }

    /**
     * Keeps letters, digits and {@code - _ . + ( )}; any other character, path separators and control characters
     * included, becomes {@code _}. Runs of dots shrink to one and leading dots and dashes go, so no value can name
     * a parent directory, a hidden file or an option.
     */
    static String clean(String text, String fallback) {
        return fit(sanitize(text, fallback), MAX_TOKEN_BYTES);
    }

    private static String sanitize(String text, String fallback) {
        StringBuilder b = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            boolean keep = Character.isLetterOrDigit(c) || "-_.+()".indexOf(c) >= 0;
            b.appendCodePoint(keep ? c : '_');
        });
        String s = b.toString().replaceAll("_{2,}", "_").replaceAll("\\.{2,}", ".").replaceAll("^[._-]+", "")
                .replaceAll("[._]+$", "");
        return s.isEmpty() ? fallback : s;
    }

    private static String extension(DocumentInfo document) {
        String mime = document.mimeType().split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        String known = EXTENSIONS.get(mime);
        if (known != null) {
            return known;
        }
        String name = document.name();
        int dot = name.lastIndexOf('.');
        String ext = dot >= 0 ? name.substring(dot + 1) : "";
        return EXTENSION.matcher(ext).matches() ? ext.toLowerCase(Locale.ROOT) : "bin";
    }

    private static String stripExtension(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** Cuts whole code points from the end until the UTF-8 form fits in {@code maxBytes}. */
    private static String fit(String s, int maxBytes) {
        String t = s;
        while (utf8Length(t) > maxBytes) {
            int cut = Math.min(t.offsetByCodePoints(t.length(), -1), maxBytes);
            t = Character.isHighSurrogate(t.charAt(cut - 1)) ? t.substring(0, cut - 1) : t.substring(0, cut);
        }
        return t;
    }

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
