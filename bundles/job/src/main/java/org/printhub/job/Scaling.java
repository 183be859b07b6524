package org.printhub.job;

/** IPP {@code print-scaling} (PWG 5100.13). */
public enum Scaling {
    AUTO("auto"),
    AUTO_FIT("auto-fit"),
    FILL("fill"),
    FIT("fit"),
    NONE("none");

    private final String keyword;

    Scaling(String keyword) {
        this.keyword = keyword;
    }

    public String keyword() {
        return keyword;
    }

    /** @throws IllegalArgumentException for an unknown keyword */
    public static Scaling parse(String keyword) {
        return Keywords.parse(values(), Scaling::keyword, keyword, "a print-scaling keyword");
    }
}
