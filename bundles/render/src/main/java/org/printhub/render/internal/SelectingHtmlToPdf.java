package org.printhub.render.internal;

import java.io.OutputStream;
import java.util.Locale;
import java.util.Optional;
import java.nio.file.Path;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.printhub.render.HtmlSource;
import org.printhub.render.HtmlToPdf;
import org.printhub.render.RenderException;
import org.printhub.render.RenderResult;
import org.printhub.render.RenderSettings;
import org.printhub.render.UrlFetcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTML renderer the surfaces use: Chromium where its executable exists, else the pure-Java renderer, or the
 * one the configuration forces. The choice is made, and logged, at the first document, not at activation: a
 * server that never prints HTML neither looks for a browser nor says anything about one.
 */
@Component(service = HtmlToPdf.class, configurationPid = SelectingHtmlToPdf.PID)
@Designate(ocd = RenderConfig.class)
public final class SelectingHtmlToPdf implements HtmlToPdf {
    static final String PID = "org.printhub.render";
    private static final Logger LOG = LoggerFactory.getLogger(SelectingHtmlToPdf.class);

    private final UrlFetcher fetcher;
    private final RenderConfig config;
    private HtmlToPdf chosen;
    private boolean closed;

    @Activate
    public SelectingHtmlToPdf(@Reference UrlFetcher fetcher, RenderConfig config) {
        this.fetcher = fetcher;
        this.config = config;
    }

    @Deactivate
    synchronized void deactivate() {
        closed = true;
        if (chosen instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.debug("closing the renderer", e);
            }
        }
        chosen = null;
    }

    @Override
    public RenderResult render(HtmlSource source, RenderSettings settings, OutputStream pdf)
            throws RenderException, InterruptedException {
        return renderer().render(source, settings, pdf);
    }

    @Override
    public String name() {
        synchronized (this) {
            if (chosen != null) {
                return chosen.name();
            }
        }
        return useChromium() ? "chromium" : JavaHtmlToPdf.NAME;
    }

    private synchronized HtmlToPdf renderer() throws RenderException {
        if (closed) {
            throw new RenderException(RenderException.Reason.UNAVAILABLE, "the renderer is stopping");
        }
        if (chosen == null) {
            String mode = mode();
            Optional<Path> chromium = ChromiumHtmlToPdf.locate(config.chromiumPath());
            if (useChromium()) {
                chosen = new ChromiumHtmlToPdf(fetcher, config);
                LOG.info("HTML is rendered with Chromium at {} ({})",
                        chromium.map(Path::toString).orElse(config.chromiumPath()),
                        mode.equals("chromium") ? "forced by renderer=chromium" : "found");
            } else {
                chosen = new JavaHtmlToPdf(fetcher, config);
                LOG.info("HTML is rendered with {}, without JavaScript ({})", JavaHtmlToPdf.NAME,
                        mode.equals("java") ? "forced by renderer=java"
                                : "no Chromium " + (config.chromiumPath().isBlank() ? "on the PATH"
                                        : "at " + config.chromiumPath()));
            }
        }
        return chosen;
    }

    private boolean useChromium() {
        return switch (mode()) {
        case "chromium" -> true;
        case "java" -> false;
        default -> ChromiumHtmlToPdf.locate(config.chromiumPath()).isPresent();
        };
    }

    private String mode() {
        String mode = config.renderer() == null ? "auto" : config.renderer().trim().toLowerCase(Locale.ROOT);
        return mode.equals("chromium") || mode.equals("java") ? mode : "auto";
    }
}
