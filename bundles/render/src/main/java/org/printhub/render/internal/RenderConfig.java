package org.printhub.render.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(name = "Printhub HTML renderer",
        description = "HTML to PDF: headless Chromium over the DevTools protocol where it is installed (one browser, "
                + "started on the first job and reused), else openhtmltopdf, a pure-Java renderer without JavaScript.")
public @interface RenderConfig {

    @AttributeDefinition(name = "Renderer",
            description = "auto: Chromium if the executable exists, else the Java renderer; chromium or java force one.",
            options = { @Option(label = "auto", value = "auto"), @Option(label = "Chromium", value = "chromium"),
                    @Option(label = "Java (openhtmltopdf)", value = "java") })
    String renderer() default "auto";

    @AttributeDefinition(name = "Chromium",
            description = "The Chromium (or Chrome) executable; empty: chromium, chromium-browser, "
                    + "google-chrome-stable or google-chrome on the PATH.", required = false)
    String chromiumPath() default "";

    @AttributeDefinition(name = "A browser per document",
            description = "Start a fresh Chromium for every document and stop it afterwards: no process shared "
                    + "between jobs, at the price of a browser start (about a second) per document.")
    boolean browserPerDocument() default false;

    @AttributeDefinition(name = "Timeout (seconds)",
            description = "The longest one document may take, from loading to the last PDF byte.")
    int timeoutSeconds() default 60;

    @AttributeDefinition(name = "Page cap", description = "The most pages one document may have.")
    int maxPages() default 1000;

    @AttributeDefinition(name = "Concurrent documents",
            description = "Documents rendered at the same time; more wait their turn.")
    int maxConcurrent() default 2;
}
