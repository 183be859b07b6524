package org.printhub.render.internal;

import java.lang.annotation.Annotation;

/** The component configurations, built as the tests need them. */
final class TestConfigs {
    private TestConfigs() {
    }

    static FetchConfig fetch(long maxBytes, int timeoutSeconds, int maxRedirects, String... allowList) {
        return new FetchConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return FetchConfig.class;
            }

            @Override
            public String[] allowList() {
                return allowList;
            }

            @Override
            public long maxBytes() {
                return maxBytes;
            }

            @Override
            public int timeoutSeconds() {
                return timeoutSeconds;
            }

            @Override
            public int maxRedirects() {
                return maxRedirects;
            }
        };
    }

    static RenderConfig render(String chromium, int timeoutSeconds, int maxPages) {
        return render("auto", chromium, false, timeoutSeconds, maxPages);
    }

    static RenderConfig render(String renderer, String chromium, boolean browserPerDocument, int timeoutSeconds,
            int maxPages) {
        return new RenderConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return RenderConfig.class;
            }

            @Override
            public String renderer() {
                return renderer;
            }

            @Override
            public boolean browserPerDocument() {
                return browserPerDocument;
            }

            @Override
            public String chromiumPath() {
                return chromium;
            }

            @Override
            public int timeoutSeconds() {
                return timeoutSeconds;
            }

            @Override
            public int maxPages() {
                return maxPages;
            }

            @Override
            public int maxConcurrent() {
                return 2;
            }
        };
    }
}
