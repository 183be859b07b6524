package org.printhub.render.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.stream.Stream;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.jsoup.Jsoup;
import org.jsoup.helper.W3CDom;
import org.jsoup.nodes.DataNode;
import org.jsoup.nodes.Document;
import org.printhub.render.HtmlSource;
import org.printhub.render.HtmlToPdf;
import org.printhub.render.RenderException;
import org.printhub.render.RenderException.Reason;
import org.printhub.render.RenderResult;
import org.printhub.render.RenderSettings;
import org.printhub.render.UrlFetcher;
import org.printhub.render.UrlFetcher.FetchException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.openhtmltopdf.extend.FSStream;
import com.openhtmltopdf.extend.FSStreamFactory;
import com.openhtmltopdf.outputdevice.helper.ExternalResourceControlPriority;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import com.openhtmltopdf.util.Diagnostic;
import com.openhtmltopdf.util.XRLog;
import com.openhtmltopdf.util.XRLogger;

/**
 * HTML to PDF in Java, for machines without Chromium: jsoup parses the HTML (as a browser would, tag soup
 * included), openhtmltopdf lays it out with CSS 2.1 and paged media onto PDFBox. No JavaScript runs; flexbox, grid
 * and most of CSS 3 are not laid out. Every resource the document names (style sheets, images, fonts) is fetched
 * through the {@link UrlFetcher}, under its network rules, with the job's cookie for the document's host only;
 * other schemes ({@code file:}, {@code jar:}) are refused, {@code data:} is read in place.
 */
final class JavaHtmlToPdf implements HtmlToPdf, AutoCloseable {
    static final String NAME = "openhtmltopdf 1.1.40";
    private static final Logger LOG = LoggerFactory.getLogger(JavaHtmlToPdf.class);
    private static final Set<String> HTML_TYPES = Set.of("text/html", "application/xhtml+xml", "application/xml",
            "text/xml");

    private final UrlFetcher fetcher;
    private final RenderLimits limits;
    private final ExecutorService layouts = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "render-java-layout");
        t.setDaemon(true);
        return t;
    });

    static {
        // openhtmltopdf logs through java.util.logging at INFO for every document; this copy of it is private to
        // the bundle, so its one global logger can be pointed at the bundle's log, at debug level.
        XRLog.setLoggerImpl(new XRLogger() {
            @Override
            public void log(String where, Level level, String msg) {
                LOG.debug("openhtmltopdf {}: {}", where, msg);
            }

            @Override
            public void log(String where, Level level, String msg, Throwable th) {
                LOG.debug("openhtmltopdf {}: {}", where, msg, th);
            }

            @Override
            public void setLevel(String logger, Level level) {
                // the bundle's logging configuration decides
            }

            @Override
            public boolean isLogLevelEnabled(Diagnostic diagnostic) {
                return LOG.isDebugEnabled();
            }
        });
    }

    JavaHtmlToPdf(UrlFetcher fetcher, RenderConfig config) {
        this.fetcher = fetcher;
        this.limits = new RenderLimits(config);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void close() {
        layouts.shutdownNow();
    }

    /**
     * Lays the document out on a thread of its own: layout cannot be interrupted, so a document over its time is
     * abandoned (its fetches fail from then on) and keeps its concurrency slot until it ends, so that abandoned
     * documents cannot pile up.
     */
    @Override
    public RenderResult render(HtmlSource source, RenderSettings settings, OutputStream pdf)
            throws RenderException, InterruptedException {
        long deadline = limits.admit();
        Path work;
        try {
            work = Files.createTempDirectory("printhub-render-");
        } catch (IOException e) {
            limits.release();
            throw new RenderException(Reason.UNAVAILABLE, "cannot create a working directory: " + e.getMessage(), e);
        }
        AtomicBoolean abandoned = new AtomicBoolean();
        Future<RenderResult> layout;
        try {
            layout = layouts.submit(() -> {
                try {
                    return layOut(source, settings, work, deadline);
                } finally {
                    limits.release();
                    if (abandoned.get()) {
                        deleteTree(work);
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            limits.release();
            deleteTree(work);
            throw new RenderException(Reason.UNAVAILABLE, "the renderer is stopping");
        }
        try {
            RenderResult result = layout.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            Files.copy(work.resolve("out.pdf"), pdf);
            return result;
        } catch (TimeoutException e) {
            layout.cancel(true);
            throw new RenderException(Reason.TIMEOUT,
                    "the document was not laid out within " + limits.timeout().toSeconds() + " s");
        } catch (InterruptedException e) {
            layout.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RenderException r) {
                throw r;
            }
            LOG.debug("the Java renderer failed", cause);
            throw new RenderException(Reason.BAD_CONTENT, "the document could not be laid out: " + oneLine(cause),
                    cause);
        } catch (IOException e) {
            throw new RenderException(Reason.UNAVAILABLE, "cannot write the rendered PDF: " + e.getMessage(), e);
        } finally {
            abandoned.set(true);
            if (layout.isDone()) {
                deleteTree(work);
            }
        }
    }

    private RenderResult layOut(HtmlSource source, RenderSettings settings, Path work, long deadline)
            throws RenderException, IOException, InterruptedException {
        Resources resources = new Resources(source, work, deadline);
        URI base = source.url().orElse(ChromiumHtmlToPdf.NO_BASE);
        Document document;
        if (source.html().isPresent()) {
            document = Jsoup.parse(source.html().get(), base.toString());
        } else {
            try {
                fetcher.check(base);
                Path file = work.resolve("document");
                UrlFetcher.Fetched fetched = fetcher.fetch(base, source.cookie().orElse(null), file);
                resources.spent(fetched.size());
                if (!HTML_TYPES.contains(fetched.mimeType())) {
                    throw new RenderException(Reason.BAD_CONTENT,
                            "the Java renderer prints HTML only, not " + fetched.mimeType() + " (" + base + ")");
                }
                base = fetched.url();
                document = Jsoup.parse(file.toFile(), null, base.toString());
            } catch (FetchException e) {
                throw new RenderException(Reason.FETCH_FAILED, e.getMessage(), e);
            }
        }
        if (!settings.jobTitle().isEmpty()) {
            document.title(settings.jobTitle());
        }
        String url = !settings.documentUrl().isEmpty() ? settings.documentUrl()
                : base.equals(ChromiumHtmlToPdf.NO_BASE) ? "" : base.toString();
        // Last in the head, so that the print settings win over the document's own @page rules.
        document.head().appendElement("style")
                .appendChild(new DataNode(PagedMediaCss.of(settings, document.title(), url)));

        Path raw = work.resolve("raw.pdf");
        try (OutputStream out = Files.newOutputStream(raw)) {
            PdfRendererBuilder builder = new PdfRendererBuilder();
            builder.useFastMode();
            builder.withW3cDocument(W3CDom.convert(document), base.toString());
            builder.useHttpStreamImplementation(resources);
            builder.useProtocolsStreamImplementation(url1 -> Resources.NOTHING, "file", "jar", "jrt", "ftp",
                    "mailto", "netdoc");
            builder.useExternalResourceAccessControl((uri, type) -> allowedScheme(uri),
                    ExternalResourceControlPriority.RUN_AFTER_RESOLVING_URI);
            builder.withProducer("Printhub (" + NAME + ")");
            builder.toStream(out);
            builder.run();
        } catch (RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("abandoned");
            }
            throw new RenderException(Reason.BAD_CONTENT, "the document could not be laid out: " + oneLine(e), e);
        }
        double scale = settings.scalePercent() / 100.0;
        try (OutputStream out = Files.newOutputStream(work.resolve("out.pdf"))) {
            return RenderedPdf.finish(raw, settings, limits.maxPages(), NAME,
                    scale == 1.0 ? null : doc -> shrink(doc, scale), out);
        }
    }

    private static boolean allowedScheme(String uri) {
        String lower = uri == null ? "" : uri.toLowerCase(Locale.ROOT);
        return lower.startsWith("http://") || lower.startsWith("https://") || lower.startsWith("data:");
    }

    /** Shrinks (or enlarges) every page by {@code scale} onto paper of the scaled size: the page was laid out larger. */
    private static void shrink(PDDocument document, double scale) throws IOException {
        for (PDPage page : document.getPages()) {
            PDRectangle box = page.getMediaBox();
            try (PDPageContentStream before = new PDPageContentStream(document, page,
                    PDPageContentStream.AppendMode.PREPEND, false)) {
                before.saveGraphicsState();
                before.transform(new org.apache.pdfbox.util.Matrix((float) scale, 0, 0, (float) scale, 0, 0));
            }
            try (PDPageContentStream after = new PDPageContentStream(document, page,
                    PDPageContentStream.AppendMode.APPEND, false)) {
                after.restoreGraphicsState();
            }
            PDRectangle scaled = new PDRectangle((float) (box.getLowerLeftX() * scale),
                    (float) (box.getLowerLeftY() * scale), (float) (box.getWidth() * scale),
                    (float) (box.getHeight() * scale));
            page.setMediaBox(scaled);
            page.setCropBox(scaled);
        }
    }

    /**
     * Fetches the document's resources through the {@link UrlFetcher} into the working directory: the network
     * rules, size limit and timeout of the fetcher, the job's cookie for the document's host only, and no more
     * bytes in all than one fetch may have. A resource that fails is left out, as a browser leaves out a broken
     * image.
     */
    private final class Resources implements FSStreamFactory {
        static final FSStream NOTHING = new FSStream() {
            @Override
            public InputStream getStream() {
                return null;
            }

            @Override
            public Reader getReader() {
                return null;
            }
        };

        private final HtmlSource source;
        private final Path work;
        private final long deadline;
        private final AtomicLong budget = new AtomicLong(fetcher.maxBytes());
        private final AtomicLong count = new AtomicLong();

        Resources(HtmlSource source, Path work, long deadline) {
            this.source = source;
            this.work = work;
            this.deadline = deadline;
        }

        void spent(long bytes) {
            budget.addAndGet(-bytes);
        }

        @Override
        public FSStream getUrl(String url) {
            if (Thread.currentThread().isInterrupted() || System.nanoTime() > deadline || budget.get() <= 0) {
                LOG.debug("not fetching {}: the document is out of time or bytes", url);
                return NOTHING;
            }
            try {
                URI uri = URI.create(url);
                fetcher.check(uri);
                Path file = work.resolve("resource-" + count.incrementAndGet());
                URI documentUrl = source.url().orElse(null);
                String cookie = documentUrl != null && documentUrl.getHost() != null
                        && documentUrl.getHost().equalsIgnoreCase(uri.getHost()) ? source.cookie().orElse(null)
                                : null;
                UrlFetcher.Fetched fetched = fetcher.fetch(uri, cookie, file);
                spent(fetched.size());
                return new FSStream() {
                    @Override
                    public InputStream getStream() {
                        try {
                            return Files.newInputStream(file);
                        } catch (IOException e) {
                            return null;
                        }
                    }

                    @Override
                    public Reader getReader() {
                        InputStream in = getStream();
                        return in == null ? null : new InputStreamReader(in, StandardCharsets.UTF_8);
                    }
                };
            } catch (FetchException | IllegalArgumentException e) {
                LOG.debug("refused or failed a resource of a rendered document: {}", e.getMessage());
                return NOTHING;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return NOTHING;
            }
        }
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.debug("could not remove {}", dir, e);
        }
    }
}
