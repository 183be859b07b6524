package org.printhub.job;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How a job is to be printed: the IPP job template attributes every surface can express, plus string
 * {@link #extensions()} for properties only a particular driver understands. Immutable; build with
 * {@link #builder()} or change a copy with {@link #toBuilder()}.
 */
public final class JobTicket {
    /** IPP's default {@code job-priority}. */
    public static final int DEFAULT_PRIORITY = 50;
    /** The highest copy count a ticket accepts; devices may allow fewer. */
    public static final int MAX_COPIES = 999;

    private static final JobTicket DEFAULTS = builder().build();

    private final int copies;
    private final Sides sides;
    private final ColorMode colorMode;
    private final Orientation orientation;
    private final String media;
    private final List<PageRange> pageRanges;
    private final boolean collate;
    private final Scaling scaling;
    private final int scalePercent;
    private final int priority;
    private final Map<String, String> extensions;

    private JobTicket(Builder b) {
        this.copies = b.copies;
        this.sides = b.sides;
        this.colorMode = b.colorMode;
        this.orientation = b.orientation;
        this.media = b.media;
        this.pageRanges = List.copyOf(b.pageRanges);
        this.collate = b.collate;
        this.scaling = b.scaling;
        this.scalePercent = b.scalePercent;
        this.priority = b.priority;
        this.extensions = Collections.unmodifiableMap(new LinkedHashMap<>(b.extensions));
    }

    /** A ticket with every default: one copy, one-sided, auto colour, all pages, priority 50. */
    public static JobTicket defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.copies = copies;
        b.sides = sides;
        b.colorMode = colorMode;
        b.orientation = orientation;
        b.media = media;
        b.pageRanges = pageRanges;
        b.collate = collate;
        b.scaling = scaling;
        b.scalePercent = scalePercent;
        b.priority = priority;
        b.extensions = new LinkedHashMap<>(extensions);
        return b;
    }

    public int copies() {
        return copies;
    }

    public Sides sides() {
        return sides;
    }

    public ColorMode colorMode() {
        return colorMode;
    }

    public Orientation orientation() {
        return orientation;
    }

    /** PWG 5101.1 media name such as {@code iso_a4_210x297mm}, or {@code null} for the device default. */
    public String media() {
        return media;
    }

    /** Pages to print, in order; empty means all pages. */
    public List<PageRange> pageRanges() {
        return pageRanges;
    }

    public boolean collate() {
        return collate;
    }

    public Scaling scaling() {
        return scaling;
    }

    /** An explicit scale in percent (1 to 1000), or 0 when {@link #scaling()} decides. */
    public int scalePercent() {
        return scalePercent;
    }

    /** IPP {@code job-priority}, 1 (lowest) to 100 (highest). */
    public int priority() {
        return priority;
    }

    /** Driver-specific properties, in the order given. */
    public Map<String, String> extensions() {
        return extensions;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof JobTicket)) {
            return false;
        }
        JobTicket t = (JobTicket) o;
        return copies == t.copies && sides == t.sides && colorMode == t.colorMode && orientation == t.orientation
                && Objects.equals(media, t.media) && pageRanges.equals(t.pageRanges) && collate == t.collate
                && scaling == t.scaling && scalePercent == t.scalePercent && priority == t.priority
                && extensions.equals(t.extensions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(copies, sides, colorMode, orientation, media, pageRanges, collate, scaling, scalePercent,
                priority, extensions);
    }

    @Override
    public String toString() {
        return "copies=" + copies + " sides=" + sides.keyword() + " color=" + colorMode.keyword()
                + " orientation=" + orientation.keyword() + (media == null ? "" : " media=" + media)
                + (pageRanges.isEmpty() ? "" : " pages=" + PageRange.format(pageRanges)) + " priority=" + priority
                + (extensions.isEmpty() ? "" : " " + extensions);
    }

    /** Validates each value as it is set, so a surface can report the exact bad field. */
    public static final class Builder {
        private int copies = 1;
        private Sides sides = Sides.ONE_SIDED;
        private ColorMode colorMode = ColorMode.AUTO;
        private Orientation orientation = Orientation.AUTO;
        private String media;
        private List<PageRange> pageRanges = List.of();
        private boolean collate = true;
        private Scaling scaling = Scaling.AUTO;
        private int scalePercent;
        private int priority = DEFAULT_PRIORITY;
        private Map<String, String> extensions = new LinkedHashMap<>();

        private Builder() {
        }

        /** @throws IllegalArgumentException outside 1 to {@link #MAX_COPIES} */
        public Builder copies(int copies) {
            if (copies < 1 || copies > MAX_COPIES) {
                throw new IllegalArgumentException("copies must be 1 to " + MAX_COPIES + ", not " + copies);
            }
            this.copies = copies;
            return this;
        }

        public Builder sides(Sides sides) {
            this.sides = Objects.requireNonNull(sides, "sides");
            return this;
        }

        public Builder colorMode(ColorMode colorMode) {
            this.colorMode = Objects.requireNonNull(colorMode, "colorMode");
            return this;
        }

        public Builder orientation(Orientation orientation) {
            this.orientation = Objects.requireNonNull(orientation, "orientation");
            return this;
        }

        /** @param media a PWG media name, or {@code null} or blank for the device default */
        public Builder media(String media) {
            this.media = media == null || media.isBlank() ? null : media.trim();
            return this;
        }

        public Builder pageRanges(List<PageRange> pageRanges) {
            this.pageRanges = List.copyOf(pageRanges);
            return this;
        }

        /** @throws IllegalArgumentException if the text is not a page-ranges list */
        public Builder pageRanges(String pageRanges) {
            return pageRanges(PageRange.parseList(pageRanges));
        }

        public Builder collate(boolean collate) {
            this.collate = collate;
            return this;
        }

        public Builder scaling(Scaling scaling) {
            this.scaling = Objects.requireNonNull(scaling, "scaling");
            return this;
        }

        /** @throws IllegalArgumentException unless 0 (automatic) or 1 to 1000 */
        public Builder scalePercent(int scalePercent) {
            if (scalePercent < 0 || scalePercent > 1000) {
                throw new IllegalArgumentException("scale must be 1 to 1000 percent, not " + scalePercent);
            }
            this.scalePercent = scalePercent;
            return this;
        }

        /** @throws IllegalArgumentException outside 1 to 100 */
        public Builder priority(int priority) {
            if (priority < 1 || priority > 100) {
                throw new IllegalArgumentException("priority must be 1 to 100, not " + priority);
            }
            this.priority = priority;
            return this;
        }

        public Builder extension(String name, String value) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("extension name must not be blank");
            }
            if (value == null) {
                extensions.remove(name);
            } else {
                extensions.put(name, value);
            }
            return this;
        }

        public Builder extensions(Map<String, String> extensions) {
            this.extensions = new LinkedHashMap<>();
            extensions.forEach(this::extension);
            return this;
        }

        public JobTicket build() {
            return new JobTicket(this);
        }
    }
}
