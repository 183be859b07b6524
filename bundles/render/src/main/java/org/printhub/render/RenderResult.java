package org.printhub.render;

/** What a rendering produced. */
public final class RenderResult {
    private final int pages;
    private final String renderer;

    public RenderResult(int pages, String renderer) {
        this.pages = pages;
        this.renderer = renderer;
    }

    public int pages() {
        return pages;
    }

    /** The {@link HtmlToPdf#name()} of the renderer that produced the PDF. */
    public String renderer() {
        return renderer;
    }

    @Override
    public String toString() {
        return pages + " pages by " + renderer;
    }
}
