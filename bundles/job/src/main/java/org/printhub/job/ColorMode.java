package org.printhub.job;

/** IPP {@code print-color-mode}, reduced to what every device can act on. */
public enum ColorMode {
    AUTO("auto"),
    COLOR("color"),
    MONOCHROME("monochrome");

    private final String keyword;

    ColorMode(String keyword) {
        this.keyword = keyword;
    }

    public String keyword() {
        return keyword;
    }

    /** @throws IllegalArgumentException for an unknown keyword */
    public static ColorMode parse(String keyword) {
        return Keywords.parse(values(), ColorMode::keyword, keyword, "a color mode");
    }
}
