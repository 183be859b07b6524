package org.printhub.render;

import java.io.OutputStream;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Lays HTML out into PDF pages. Every network request the document makes goes through the {@link UrlFetcher}'s
 * rules; a job that takes longer than the renderer's timeout, or produces more pages than its cap, fails.
 * Safe to call from several threads; calls beyond the renderer's concurrency wait.
 */
@ProviderType
public interface HtmlToPdf {

    /**
     * Renders {@code source} and writes the PDF to {@code pdf} (not closed).
     *
     * @return the pages written and the renderer's name
     * @throws RenderException when the document cannot be fetched or laid out, times out, exceeds the page
     *         cap, or no renderer is available; nothing usable was written then
     * @throws InterruptedException if the calling thread is interrupted; the rendering is abandoned
     */
    RenderResult render(HtmlSource source, RenderSettings settings, OutputStream pdf)
            throws RenderException, InterruptedException;

    /** The renderer's name as job messages show it, e.g. {@code chromium 120.0.6099.224}. */
    String name();
}
