package org.printhub.api.octoprint.internal;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.printhub.http.ApiKeys;
import org.printhub.http.Json;
import org.printhub.http.internal.ApiKeysImpl;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * One OctoPrint instance as {@link OctoPrintSurface} assembles it, over the real core, served by Jetty on a
 * loopback port; with the user {@code alice} and an API key for her.
 */
final class OctoServer implements AutoCloseable {
    final Path dir;
    final RealCore core;
    final TestPrinter printer;
    final OctoAccounts accounts;
    final FileCatalog files;
    final PushHub push;
    final String key;
    final URI base;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Server server;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    OctoServer(Path dir, Map<String, Object> config) throws Exception {
        this.dir = dir;
        core = new RealCore(dir);
        printer = new TestPrinter(core.events);
        ApiKeys keys = new ApiKeysImpl(null, Annotations.of(ApiKeysImpl.Config.class,
                Map.of("file", dir.resolve("keys.json").toString(), "createAdminKey", false)));
        accounts = new OctoAccounts(dir.resolve("octoprint/users.json"), keys, Clock.systemUTC());
        if (!accounts.exists("alice")) {
            accounts.setUser("alice", "correct horse");
        }
        key = accounts.createKey("alice", "test").secret();
        OctoPrintConfig c = Annotations.of(OctoPrintConfig.class, config);
        OctoPrintSurface.holdInterrupted(core.jobs, TestPrinter.ID);
        files = new FileCatalog(core.jobs, c.device_id(), c.documentFormat(), dir.resolve("octoprint/instance"));
        OctoStatus status = new OctoStatus(files, core.printers(), new Readings(), Clock.systemUTC());
        push = new PushHub(status, accounts, c.serverVersion(), Json.serializingNulls().gson(),
                c.pushIntervalMillis(), timer, () -> timer.execute(
                        () -> OctoPrintSurface.holdInterrupted(core.jobs, TestPrinter.ID)),
                job -> timer.execute(() -> OctoPrintSurface.endFailedPrint(core.jobs, job)));
        core.events.add(push);
        files.load();
        OctoPrintServlet servlet = new OctoPrintServlet(c, core.jobs, core.printers(), files, status, accounts, push);
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.addServlet(new ServletHolder(servlet), OctoPrintServlet.prefix(c.pathPrefix()) + "/*");
        server.setHandler(context);
        server.start();
        base = URI.create("http://127.0.0.1:" + connector.getLocalPort());
        // the printer's driver registers after the surface, as a device configured at start-up does
        core.addDevice(printer);
    }

    static Map<String, Object> defaults() {
        return Map.of("device_id", TestPrinter.ID, "pushIntervalMillis", 100L, "maxUploadMiB", 16L);
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20)).header("X-Api-Key", key);
    }

    HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws Exception {
        return send(request(path).GET().build());
    }

    HttpResponse<String> post(String path, String json) throws Exception {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    HttpResponse<String> upload(String path, Map<String, String> fields, String fileName, byte[] content)
            throws Exception {
        return upload(path, fields, fileName, content == null ? null : () -> new java.io.ByteArrayInputStream(content),
                content == null ? 0 : content.length);
    }

    /** A multipart upload streamed from {@code content}, so a large one never sits in the test's heap. */
    HttpResponse<String> upload(String path, Map<String, String> fields, String fileName,
            java.util.function.Supplier<java.io.InputStream> content, long contentLength) throws Exception {
        String boundary = "----printhub" + System.nanoTime();
        StringBuilder head = new StringBuilder();
        for (Map.Entry<String, String> f : fields.entrySet()) {
            head.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"")
                    .append(f.getKey()).append("\"\r\n\r\n").append(f.getValue()).append("\r\n");
        }
        if (fileName != null) {
            head.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"file\"; filename=\"")
                    .append(fileName).append("\"\r\nContent-Type: application/octet-stream\r\n\r\n");
        }
        String tail = (fileName != null ? "\r\n" : "") + "--" + boundary + "--\r\n";
        byte[] headBytes = head.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] tailBytes = tail.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.util.function.Supplier<java.io.InputStream> body = () -> new java.io.SequenceInputStream(
                java.util.Collections.enumeration(java.util.List.of(new java.io.ByteArrayInputStream(headBytes),
                        content == null || fileName == null ? java.io.InputStream.nullInputStream() : content.get(),
                        new java.io.ByteArrayInputStream(tailBytes))));
        return send(request(path).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(body),
                        headBytes.length + (fileName == null ? 0 : contentLength) + tailBytes.length)).build());
    }

    /** {@code bytes} of G-code-like text, generated as it is read. */
    static java.io.InputStream generated(long bytes) {
        return new java.io.InputStream() {
            long left = bytes;

            @Override
            public int read() {
                return left-- > 0 ? 'G' : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                for (int i = 0; i < n; i++) {
                    b[off + i] = (byte) ((i & 31) == 31 ? '\n' : 'G');
                }
                left -= n;
                return n;
            }
        };
    }

    /** Polls {@code condition} until it holds, for at most 10 s. */
    static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within 10 s: " + what);
            }
            Thread.sleep(20);
        }
    }

    JsonObject job() throws Exception {
        return JsonParser.parseString(get("/api/job").body()).getAsJsonObject();
    }

    String state() throws Exception {
        return job().get("state").getAsString();
    }

    /** Polls until the state is {@code expected}, for at most 10 s. */
    void awaitState(String expected) throws Exception {
        long end = System.nanoTime() + 10_000_000_000L;
        String s = state();
        while (!s.equals(expected) && System.nanoTime() < end) {
            Thread.sleep(20);
            s = state();
        }
        if (!s.equals(expected)) {
            throw new AssertionError("state " + s + ", expected " + expected);
        }
    }

    @Override
    public void close() throws Exception {
        server.stop();
        push.closeAll();
        // the core's last events may still hand work to the timer: it stops after them
        core.close();
        timer.shutdownNow();
    }
}
