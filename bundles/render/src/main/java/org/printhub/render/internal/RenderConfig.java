package org.printhub.render.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Printhub HTML renderer",
        description = "HTML to PDF with headless Chromium over the DevTools protocol: one browser, started on the "
                + "first job and reused.")
public @interface RenderConfig {

    @AttributeDefinition(name = "Chromium", description = "The Chromium (or Chrome) executable.")
    String chromiumPath() default "/usr/bin/chromium";

    @AttributeDefinition(name = "Timeout (seconds)",
            description = "The longest one document may take, from loading to the last PDF byte.")
    int timeoutSeconds() default 60;

    @AttributeDefinition(name = "Page cap", description = "The most pages one document may have.")
    int maxPages() default 1000;

    @AttributeDefinition(name = "Concurrent documents",
            description = "Documents rendered at the same time; more wait their turn.")
    int maxConcurrent() default 2;
}
