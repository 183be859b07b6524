package org.printhub.job;

/** IPP {@code orientation-requested}; {@link #AUTO} lets the document or device decide. */
public enum Orientation {
    AUTO("none"),
    PORTRAIT("portrait"),
    LANDSCAPE("landscape"),
    REVERSE_LANDSCAPE("reverse-landscape"),
    REVERSE_PORTRAIT("reverse-portrait");

    private final String keyword;

    Orientation(String keyword) {
        this.keyword = keyword;
    }

    public String keyword() {
        return keyword;
    }

    /** @throws IllegalArgumentException for an unknown keyword */
    public static Orientation parse(String keyword) {
        return Keywords.parse(values(), Orientation::keyword, keyword, "an orientation");
    }
}
