package org.printhub.job;

/** IPP {@code sides}. */
public enum Sides {
    ONE_SIDED("one-sided"),
    TWO_SIDED_LONG_EDGE("two-sided-long-edge"),
    TWO_SIDED_SHORT_EDGE("two-sided-short-edge");

    private final String keyword;

    Sides(String keyword) {
        this.keyword = keyword;
    }

    public String keyword() {
        return keyword;
    }

    public boolean isDuplex() {
        return this != ONE_SIDED;
    }

    /** @throws IllegalArgumentException for an unknown keyword */
    public static Sides parse(String keyword) {
        return Keywords.parse(values(), Sides::keyword, keyword, "a sides keyword");
    }
}
