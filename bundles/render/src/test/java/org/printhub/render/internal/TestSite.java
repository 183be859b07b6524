package org.printhub.render.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A web site on loopback for the renderers' tests: fixed answers by path ({@code {content type, body}}), an empty
 * 200 for other paths, paths starting with {@code /hang} answered only when the site closes; it remembers each
 * request as its path, with {@code " cookie=..."} when one came. Also reads the PDFs the renderers wrote.
 */
final class TestSite implements AutoCloseable {
    private final HttpServer server;
    private final Map<String, String[]> answers;
    private final Set<String> requested = ConcurrentHashMap.newKeySet();
    private final CountDownLatch release = new CountDownLatch(1);

    TestSite(Map<String, String[]> answers) throws IOException {
        this.answers = answers;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    /** {@code http://127.0.0.1:port} */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    int port() {
        return server.getAddress().getPort();
    }

    Set<String> requested() {
        return requested;
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
    }

    private void handle(HttpExchange x) throws IOException {
        String path = x.getRequestURI().getPath();
        requested.add(path + (x.getRequestHeaders().containsKey("Cookie")
                ? " cookie=" + x.getRequestHeaders().getFirst("Cookie") : ""));
        if (path.startsWith("/hang")) {
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        String[] answer = answers.getOrDefault(path, new String[] { "text/html", "" });
        byte[] body = answer[1].getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", answer[0]);
        x.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(body);
        }
    }

    /** The PDF's text as PDFBox reads it. */
    static String text(byte[] pdf) throws IOException {
        try (PDDocument d = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(d);
        }
    }

    static int pages(byte[] pdf) throws IOException {
        try (PDDocument d = Loader.loadPDF(pdf)) {
            return d.getNumberOfPages();
        }
    }
}
