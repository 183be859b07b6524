/**
 * Document services other bundles use: HTML to PDF honouring print settings ({@link HtmlToPdf}), facts about
 * PDF files and page selection ({@link PdfDocuments}), and fetching URLs under the server's network rules
 * ({@link UrlFetcher}).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.printhub.render;
