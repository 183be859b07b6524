package org.printhub.device.command.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.printhub.job.DocumentInfo;
import org.printhub.job.Job;
import org.printhub.job.JobTicket;
import org.printhub.job.PageRange;

/**
 * A configured program and its argument templates. Each token in an argument is replaced by one job value, and
 * the result stays that one argument, so no value can add arguments, and no shell ever reads them. Values lose
 * control characters and leading dashes (a job named {@code -rf} cannot pass for an option) and are capped.
 */
final class CommandLine {
    static final int MAX_VALUE_BYTES = 255;
    private static final Pattern TOKEN = Pattern.compile("\\{([a-z]+)}");
    private static final Set<String> TOKENS = Set.of("id", "token", "name", "owner", "copies", "sides", "color",
            "orientation", "media", "pages", "format", "document", "index", "size", "device");

    private final List<String> templates;

    private CommandLine(List<String> templates) {
        this.templates = templates;
    }

    /**
     * @param configured one value to split into words, or several values, one per argument
     * @throws IllegalArgumentException when empty, for unbalanced quotes, an unknown token, or a token in the
     *         program name
     */
    static CommandLine parse(String[] configured) {
        List<String> words = new ArrayList<>();
        if (configured.length == 1) {
            words.addAll(split(configured[0]));
        } else {
            words.addAll(List.of(configured));
        }
        if (words.isEmpty() || words.get(0).isBlank()) {
            throw new IllegalArgumentException("command is required: the program to run and its arguments");
        }
        if (TOKEN.matcher(words.get(0)).find()) {
            throw new IllegalArgumentException("the program name may hold no token: '" + words.get(0) + "'");
        }
        for (String word : words) {
            Matcher m = TOKEN.matcher(word);
            while (m.find()) {
                if (!TOKENS.contains(m.group(1))) {
                    throw new IllegalArgumentException("unknown token {" + m.group(1) + "} in command argument '"
                            + word + "'; known: " + String.join(", ", new TreeSet<>(TOKENS)));
                }
            }
        }
        return new CommandLine(List.copyOf(words));
    }

    /** Words at white space; quotes group, and are removed. Nothing else is special. */
    static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (char c : line.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                word = word == null ? new StringBuilder() : word;
            } else if (Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(c);
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unbalanced " + quote + " in command: " + line);
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }

    String program() {
        return templates.get(0);
    }

    List<String> expand(Job job, DocumentInfo document, String deviceId) {
        Map<String, String> values = values(job, document, deviceId);
        List<String> argv = new ArrayList<>(templates.size());
        for (String template : templates) {
            argv.add(TOKEN.matcher(template).replaceAll(m -> Matcher.quoteReplacement(values.get(m.group(1)))));
        }
        return argv;
    }

    /** The same values, for the program's environment ({@code PRINTHUB_<TOKEN>}). */
    static Map<String, String> values(Job job, DocumentInfo document, String deviceId) {
        JobTicket t = job.ticket();
        return Map.ofEntries(
                Map.entry("id", Long.toString(job.id())),
                Map.entry("token", job.token()),
                Map.entry("name", clean(job.name())),
                Map.entry("owner", clean(job.owner())),
                Map.entry("copies", Integer.toString(t.copies())),
                Map.entry("sides", t.sides().keyword()),
                Map.entry("color", t.colorMode().keyword()),
                Map.entry("orientation", t.orientation().keyword()),
                Map.entry("media", t.media() == null ? "" : clean(t.media())),
                Map.entry("pages", PageRange.format(t.pageRanges())),
                Map.entry("format", clean(document.mimeType())),
                Map.entry("document", clean(document.name())),
                Map.entry("index", Integer.toString(document.index() + 1)),
                Map.entry("size", Long.toString(document.size())),
                Map.entry("device", deviceId));
    }

    static String clean(String value) {
        String s = value.replaceAll("[\\p{Cc}\\u2028\\u2029]+", " ").replaceFirst("^[-\\s]+", "").strip();
        while (s.getBytes(StandardCharsets.UTF_8).length > MAX_VALUE_BYTES) {
            s = s.substring(0, s.offsetByCodePoints(s.length(), -1));
        }
        return s;
    }

    @Override
    public String toString() {
        return String.join(" ", templates);
    }
}
