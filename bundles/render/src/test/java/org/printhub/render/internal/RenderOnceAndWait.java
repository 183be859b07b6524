package org.printhub.render.internal;

import java.io.OutputStream;

import org.printhub.render.HtmlSource;
import org.printhub.render.RenderSettings;

/**
 * A server in miniature for {@link OrphanBrowserTest}: renders one document with Chromium, prints the browser's
 * profile directory and waits to be killed.
 */
public final class RenderOnceAndWait {
    private RenderOnceAndWait() {
    }

    public static void main(String[] args) throws Exception {
        ChromiumHtmlToPdf renderer = new ChromiumHtmlToPdf(new HttpUrlFetcher(TestConfigs.fetch(1 << 20, 5, 3)),
                TestConfigs.render("chromium", args[0], false, 60, 10));
        // From a thread that ends at once: the browser must not depend on the job thread that first needed it.
        Thread job = new Thread(() -> {
            try {
                renderer.render(HtmlSource.html("<p>once</p>", null, null), RenderSettings.builder().build(),
                        OutputStream.nullOutputStream());
            } catch (Exception e) {
                e.printStackTrace();
                System.exit(2);
            }
        });
        job.start();
        job.join();
        Thread.sleep(500);
        System.out.println("profile " + renderer.browserProfile().orElseThrow());
        System.out.flush();
        Thread.sleep(600_000);
    }
}
