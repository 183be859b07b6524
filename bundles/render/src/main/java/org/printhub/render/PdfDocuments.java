package org.printhub.render;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

import org.printhub.job.PageRange;

/**
 * Facts about PDF files, and page selection. Files are read from disk as needed, never loaded whole into
 * memory.
 */
@ProviderType
public interface PdfDocuments {

    /**
     * Counts pages and colour pages. A page is colour when its rendering at low resolution has a pixel whose red,
     * green and blue differ noticeably: what a printer would charge as colour.
     *
     * @throws RenderException with {@link RenderException.Reason#BAD_CONTENT} if the file is not a readable PDF
     */
    PdfFacts facts(Path pdf) throws RenderException, IOException;

    /**
     * Writes the pages of {@code pdf} that {@code ranges} name, in order, to {@code out} (not closed). Ranges
     * beyond the last page are ignored.
     *
     * @throws RenderException with {@link RenderException.Reason#BAD_CONTENT} if the file is not a readable PDF
     *         or the ranges select no page
     */
    int selectPages(Path pdf, List<PageRange> ranges, OutputStream out) throws RenderException, IOException;
}
