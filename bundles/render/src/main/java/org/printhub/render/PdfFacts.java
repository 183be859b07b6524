package org.printhub.render;

/** Page count and colour page count of a PDF. */
public final class PdfFacts {
    private final int pages;
    private final int colorPages;

    public PdfFacts(int pages, int colorPages) {
        if (pages < 0 || colorPages < 0 || colorPages > pages) {
            throw new IllegalArgumentException("bad page counts: " + pages + " / " + colorPages);
        }
        this.pages = pages;
        this.colorPages = colorPages;
    }

    public int pages() {
        return pages;
    }

    public int colorPages() {
        return colorPages;
    }

    @Override
    public String toString() {
        return pages + " pages, " + colorPages + " in colour";
    }
}
