package org.printhub.render;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.printhub.job.PageRange;

/**
 * How HTML is laid out on paper, in the terms of ScriptX's print settings: paper, orientation, margins,
 * header and footer with ScriptX's codes, backgrounds, page range, scale, odd/even pass, job title.
 * Lengths are millimetres. Immutable; build with {@link #builder()}.
 *
 * <p>Header and footer codes: {@code &w} title, {@code &u} document URL, {@code &d} short date, {@code &D} long
 * date, {@code &t} time, {@code &T} 24-hour time, {@code &p} page number, {@code &P} page count, {@code &&} an
 * ampersand, and {@code &b} moving on to the centre, then the right part of the line.
 */
public final class RenderSettings {
    /** Which pages a printing pass keeps. */
    public enum Pass {
        ALL, ODD, EVEN
    }

    private static final Map<String, double[]> PAPERS = Map.ofEntries(Map.entry("a3", new double[] { 297, 420 }),
            Map.entry("a4", new double[] { 210, 297 }), Map.entry("a5", new double[] { 148, 210 }),
            Map.entry("a6", new double[] { 105, 148 }), Map.entry("b4", new double[] { 250, 353 }),
            Map.entry("b5", new double[] { 176, 250 }), Map.entry("letter", new double[] { 215.9, 279.4 }),
            Map.entry("legal", new double[] { 215.9, 355.6 }), Map.entry("tabloid", new double[] { 279.4, 431.8 }),
            Map.entry("ledger", new double[] { 431.8, 279.4 }),
            Map.entry("executive", new double[] { 184.15, 266.7 }));

    private final double paperWidth;
    private final double paperHeight;
    private final boolean landscape;
    private final double marginTop;
    private final double marginRight;
    private final double marginBottom;
    private final double marginLeft;
    private final String header;
    private final String footer;
    private final String headerFooterFont;
    private final boolean printBackground;
    private final List<PageRange> pageRanges;
    private final int scalePercent;
    private final Pass pass;
    private final String jobTitle;
    private final String documentUrl;
    private final Locale locale;
    private final ZoneOffset zone;
    private final Instant printedAt;

    private RenderSettings(Builder b) {
        this.paperWidth = b.paperWidth;
        this.paperHeight = b.paperHeight;
        this.landscape = b.landscape;
        this.marginTop = b.marginTop;
        this.marginRight = b.marginRight;
        this.marginBottom = b.marginBottom;
        this.marginLeft = b.marginLeft;
        this.header = b.header;
        this.footer = b.footer;
        this.headerFooterFont = b.headerFooterFont;
        this.printBackground = b.printBackground;
        this.pageRanges = List.copyOf(b.pageRanges);
        this.scalePercent = b.scalePercent;
        this.pass = b.pass;
        this.jobTitle = b.jobTitle;
        this.documentUrl = b.documentUrl;
        this.locale = b.locale;
        this.zone = b.zone;
        this.printedAt = b.printedAt;
    }

    /** A4 portrait, 10 mm margins, no header or footer, no backgrounds, every page at 100 %. */
    public static Builder builder() {
        return new Builder();
    }

    /** The paper size {@code name} names (A3-A6, B4, B5, Letter, Legal, Tabloid, Ledger, Executive), any case. */
    public static Optional<double[]> paperSize(String name) {
        double[] size = name == null ? null : PAPERS.get(name.trim().toLowerCase(Locale.ROOT));
        return Optional.ofNullable(size == null ? null : size.clone());
    }

    /** The paper names {@link #paperSize(String)} knows, lower case. */
    public static List<String> paperNames() {
        return PAPERS.keySet().stream().sorted().toList();
    }

    /** Portrait width of the paper, mm. */
    public double paperWidth() {
        return paperWidth;
    }

    /** Portrait height of the paper, mm. */
    public double paperHeight() {
        return paperHeight;
    }

    public boolean landscape() {
        return landscape;
    }

    public double marginTop() {
        return marginTop;
    }

    public double marginRight() {
        return marginRight;
    }

    public double marginBottom() {
        return marginBottom;
    }

    public double marginLeft() {
        return marginLeft;
    }

    /** The header in ScriptX codes; empty for none. */
    public String header() {
        return header;
    }

    /** The footer in ScriptX codes; empty for none. */
    public String footer() {
        return footer;
    }

    /** CSS declarations for the header and footer text, e.g. {@code font-family: Arial; font-size: 10pt}. */
    public String headerFooterFont() {
        return headerFooterFont;
    }

    public boolean printBackground() {
        return printBackground;
    }

    /** The pages to keep; empty for all. */
    public List<PageRange> pageRanges() {
        return pageRanges;
    }

    /** Zoom in percent, 10 to 200. */
    public int scalePercent() {
        return scalePercent;
    }

    public Pass pass() {
        return pass;
    }

    /** The title ({@code &w} and the PDF's title); empty to keep the document's own. */
    public String jobTitle() {
        return jobTitle;
    }

    /** The URL {@code &u} shows; empty for the document's own. */
    public String documentUrl() {
        return documentUrl;
    }

    public Locale locale() {
        return locale;
    }

    /** The reader's UTC offset, for {@code &d} and {@code &t}. */
    public ZoneOffset zone() {
        return zone;
    }

    /** The moment {@code &d} and {@code &t} show. */
    public Instant printedAt() {
        return printedAt;
    }

    public static final class Builder {
        private double paperWidth = 210;
        private double paperHeight = 297;
        private boolean landscape;
        private double marginTop = 10;
        private double marginRight = 10;
        private double marginBottom = 10;
        private double marginLeft = 10;
        private String header = "";
        private String footer = "";
        private String headerFooterFont = "";
        private boolean printBackground;
        private List<PageRange> pageRanges = List.of();
        private int scalePercent = 100;
        private Pass pass = Pass.ALL;
        private String jobTitle = "";
        private String documentUrl = "";
        private Locale locale = Locale.ENGLISH;
        private ZoneOffset zone = ZoneOffset.UTC;
        private Instant printedAt;

        private Builder() {
        }

        /** @throws IllegalArgumentException unless both are between 10 and 2000 mm */
        public Builder paper(double width, double height) {
            if (!(width >= 10 && width <= 2000 && height >= 10 && height <= 2000)) {
                throw new IllegalArgumentException("paper size out of range: " + width + " x " + height + " mm");
            }
            this.paperWidth = width;
            this.paperHeight = height;
            return this;
        }

        /** @throws IllegalArgumentException for a name {@link RenderSettings#paperSize(String)} does not know */
        public Builder paper(String name) {
            double[] size = paperSize(name)
                    .orElseThrow(() -> new IllegalArgumentException("unknown paper size: " + name));
            return paper(size[0], size[1]);
        }

        public Builder landscape(boolean landscape) {
            this.landscape = landscape;
            return this;
        }

        /** @throws IllegalArgumentException for a negative margin or one over 500 mm */
        public Builder margins(double top, double right, double bottom, double left) {
            for (double m : new double[] { top, right, bottom, left }) {
                if (!(m >= 0 && m <= 500)) {
                    throw new IllegalArgumentException("margin out of range: " + m + " mm");
                }
            }
            this.marginTop = top;
            this.marginRight = right;
            this.marginBottom = bottom;
            this.marginLeft = left;
            return this;
        }

        public Builder header(String header) {
            this.header = header == null ? "" : header;
            return this;
        }

        public Builder footer(String footer) {
            this.footer = footer == null ? "" : footer;
            return this;
        }

        public Builder headerFooterFont(String css) {
            this.headerFooterFont = css == null ? "" : css;
            return this;
        }

        public Builder printBackground(boolean printBackground) {
            this.printBackground = printBackground;
            return this;
        }

        /** @throws IllegalArgumentException for text {@link PageRange#parseList} refuses */
        public Builder pageRanges(String ranges) {
            this.pageRanges = PageRange.parseList(ranges == null ? "" : ranges);
            return this;
        }

        /** @throws IllegalArgumentException outside 10 to 200 */
        public Builder scalePercent(int percent) {
            if (percent < 10 || percent > 200) {
                throw new IllegalArgumentException("scale must be 10 to 200 %: " + percent);
            }
            this.scalePercent = percent;
            return this;
        }

        public Builder pass(Pass pass) {
            this.pass = Objects.requireNonNull(pass, "pass");
            return this;
        }

        public Builder jobTitle(String jobTitle) {
            this.jobTitle = jobTitle == null ? "" : jobTitle;
            return this;
        }

        public Builder documentUrl(String documentUrl) {
            this.documentUrl = documentUrl == null ? "" : documentUrl;
            return this;
        }

        public Builder locale(Locale locale) {
            this.locale = Objects.requireNonNull(locale, "locale");
            return this;
        }

        public Builder zone(ZoneOffset zone) {
            this.zone = Objects.requireNonNull(zone, "zone");
            return this;
        }

        public Builder printedAt(Instant printedAt) {
            this.printedAt = printedAt;
            return this;
        }

        public RenderSettings build() {
            if (printedAt == null) {
                printedAt = Instant.now();
            }
            return new RenderSettings(this);
        }
    }
}
