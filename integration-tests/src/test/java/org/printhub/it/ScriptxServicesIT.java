package org.printhub.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The ScriptX.Services surface of a running printhub.jar, over real HTTP on loopback: licensing, every content
 * type to a device and to file, output checked with poppler's pdftotext/pdfinfo, canceljob, and bad input. The
 * pages and documents the server fetches come from a second loopback server (allowed by the fetch allow list).
 */
public class ScriptxServicesIT {
    private static final String GUID = "{5091E665-8916-4D21-996E-00A2DE5DE416}";
    private static final Pattern LISTENER = Pattern.compile("HTTP listener 'scriptx' at (http://127\\.0\\.0\\.1:\\d+/)");
    private static final Pattern TOKEN = Pattern.compile("\"jobIdentifier\":\"([0-9a-f]*)\"");
    private static final Pattern STATUS = Pattern.compile("\"status\":(-?\\d+)");
    /** integration-tests/js: MeadCo's client and playwright-core, installed by {@code npm ci}. */
    private static final Path CLIENT = Path.of(System.getProperty("printhub.it.js", "js")).toAbsolutePath();

    private static PrinthubProcess printhub;
    private static HttpServer pages;
    private static String api;
    private static String site;
    private static Path work;
    private static final Set<String> fetched = ConcurrentHashMap.newKeySet();
    private static final CountDownLatch release = new CountDownLatch(1);
    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeClass
    public static void start() throws Exception {
        work = Files.createDirectories(PrinthubOptions.workDirectory("scriptx"));
        Path deploy = Files.createDirectories(work.resolve("deploy"));
        Files.writeString(deploy.resolve("org.printhub.api.scriptx.cfg"), "port=0\n");
        Files.writeString(deploy.resolve("org.printhub.render.fetch.cfg"), "allowList=127.0.0.1\ntimeoutSeconds=5\n");
        Files.writeString(deploy.resolve("org.printhub.render.cfg"), "timeoutSeconds=10\n");
        startPages();
        printhub = PrinthubProcess.start(work);
        Matcher m = printhub.await("the ScriptX listener", 1, 90_000, LISTENER).get(0);
        api = m.group(1);
        printhub.await("the demo printer", 1, 60_000, l -> l.contains("device demo (virtual) added"));
        printhub.commandUntil("licence:add " + GUID + " Tester", "the licence", 30_000,
                l -> l.contains("5091e665-8916-4d21-996e-00a2de5de416  Tester"));
    }

    @AfterClass
    public static void stop() throws Exception {
        release.countDown();
        if (printhub != null) {
            printhub.close();
        }
        if (pages != null) {
            pages.stop(0);
        }
    }

    private static void startPages() throws IOException {
        pages = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        pages.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        pages.createContext("/", ScriptxServicesIT::page);
        pages.start();
        site = "http://127.0.0.1:" + pages.getAddress().getPort();
    }

    private static void page(HttpExchange x) throws IOException {
        String path = x.getRequestURI().getPath();
        fetched.add(path);
        switch (path) {
        case "/page.html" -> send(x, 200, "text/html", "<html><head><title>Fetched</title>"
                + "<link rel=stylesheet href=\"style.css\"></head><body><h1>Fetched by URL</h1>"
                + "<img src=\"http://169.254.169.254/latest/meta-data/\"></body></html>");
        case "/style.css" -> send(x, 200, "text/css", "h1 { color: blue }");
        case "/doc.pdf" -> {
            byte[] pdf = Files.readAllBytes(work.resolve("three-pages.pdf"));
            x.getResponseHeaders().set("Content-Type", "application/pdf");
            x.sendResponseHeaders(200, pdf.length);
            try (OutputStream out = x.getResponseBody()) {
                out.write(pdf);
            }
        }
        case "/client.html" -> send(x, 200, "text/html", "<!DOCTYPE html><html><head><title>Client page</title>"
                + "<script src=\"/dist/meadco-scriptxservices.min.js\"></script></head><body><p>A page on another "
                + "origin</p></body></html>");
        case "/not-a.pdf" -> send(x, 200, "application/pdf", "this is not a PDF at all");
        case "/to-file" -> redirect(x, "file:///etc/passwd");
        case "/to-metadata" -> redirect(x, "http://169.254.169.254/latest/meta-data/");
        case "/hang" -> {
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            send(x, 200, "text/plain", "late");
        }
        default -> {
            Path dist = CLIENT.resolve("node_modules/scriptxprint-html/dist");
            Path file = dist.resolve(path.replaceFirst("^/dist/", "")).normalize();
            if (path.startsWith("/dist/") && file.startsWith(dist) && Files.isRegularFile(file)) {
                x.getResponseHeaders().set("Content-Type", "text/javascript");
                x.sendResponseHeaders(200, Files.size(file));
                try (OutputStream out = x.getResponseBody()) {
                    Files.copy(file, out);
                }
            } else {
                send(x, 404, "text/plain", "no");
            }
        }
        }
    }

    private static void redirect(HttpExchange x, String location) throws IOException {
        x.getResponseHeaders().set("Location", location);
        x.sendResponseHeaders(302, -1);
        x.close();
    }

    private static void send(HttpExchange x, int status, String type, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", type);
        x.sendResponseHeaders(status, b.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(b);
        }
    }

    // ---- licensing, auth, CORS ----

    @Test
    public void licensingAndAuthentication() throws Exception {
        HttpResponse<String> ping = get("api/v1/licensing/ping", null);
        assertEquals(200, ping.statusCode());
        assertTrue(ping.body(), ping.body().contains("\"printPdf\":true"));

        assertEquals(401, get("api/", null).statusCode());
        assertEquals(401, get("api/", "{00000000-0000-0000-0000-000000000001}").statusCode());
        assertEquals(401, get("api/v1/printHtml/htmlPrintDefaults/?units=0", "not-a-guid").statusCode());
        HttpResponse<String> description = get("api/", GUID);
        assertEquals(200, description.statusCode());
        assertTrue(description.body(), description.body().contains("\"serviceClass\":3"));
        assertTrue(description.body(), description.body().contains("\"demo\""));

        HttpResponse<String> licence = get("api/v1/licensing", GUID.toLowerCase());
        assertEquals(200, licence.statusCode());
        assertTrue(licence.body(), licence.body().contains("\"guid\":\"5091e665-8916-4d21-996e-00a2de5de416\""));

        assertEquals(200, post("api/v1/licensing", null, "{\"Guid\":\"" + GUID + "\",\"Url\":\"warehouse\",\"Revision\":1}")
                .statusCode());
        assertEquals(404, post("api/v1/licensing", null, "{\"Guid\":\"{11111111-2222-3333-4444-555555555555}\"}")
                .statusCode());
        HttpResponse<String> invalid = post("api/v1/licensing", null, "{\"Guid\":\"x\"}");
        assertEquals(400, invalid.statusCode());
        assertEquals("\"Invalid guid\"", invalid.body());
    }

    @Test
    public void corsPreflightFromAnotherOrigin() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(api + "api/v1/printHtml/print"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "http://page.example")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type,x-meadroid-path")
                .header("Access-Control-Request-Private-Network", "true").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(204, r.statusCode());
        assertEquals("*", r.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
        assertTrue(r.headers().firstValue("Access-Control-Allow-Headers").orElse("").contains("x-meadroid-path"));
        assertEquals("true", r.headers().firstValue("Access-Control-Allow-Private-Network").orElse(""));
        HttpResponse<String> actual = http.send(HttpRequest.newBuilder(URI.create(api + "api/v1/licensing/ping"))
                .header("Origin", "http://page.example").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("*", actual.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
    }

    @Test
    public void defaultsAndDeviceInfo() throws Exception {
        HttpResponse<String> defaults = get("API/V1/PRINTHTML/htmlprintdefaults/?units=0", GUID);
        assertEquals(200, defaults.statusCode());
        assertTrue(defaults.body(), defaults.body().contains("\"device\":{\"printerName\":\"demo\""));
        HttpResponse<String> device = get("api/v1/printHtml/deviceinfo/pdf/1", GUID);
        assertEquals(200, device.statusCode());
        assertTrue(device.body(), device.body().contains("\"width\":8.27"));
        assertEquals(404, get("api/v1/printHtml/deviceinfo/nosuchprinter/0", GUID).statusCode());
    }

    // ---- printing ----

    @Test
    public void wholeHtmlToFileIsDownloadedOnce() throws Exception {
        String body = "{\"ContentType\":2,\"Content\":\"<!DOCTYPE html><html><head><title>Doc</title></head><body>"
                + "<p>First page of the invoice</p><p style='page-break-before:always'>Second page</p></body></html>\","
                + "\"Settings\":{\"header\":\"&w&bPage &p of &P\",\"footer\":\"&u\",\"jobTitle\":\"Invoice 42\","
                + "\"documentUrl\":\"https://app.example/invoice/42\",\"page\":{\"orientation\":1,\"units\":2,"
                + "\"margins\":{\"left\":\"10\",\"top\":\"15\",\"right\":\"10\",\"bottom\":\"15\"}}},"
                + "\"Device\":{\"printerName\":\"ScriptX.Services//PrintPreview.1\",\"paperSizeName\":\"A4\"}}";
        String token = print("printHtml", body, 2);
        assertEquals(6, follow("printHtml", token));
        HttpResponse<Path> pdf = http.send(HttpRequest.newBuilder(URI.create(api + "api/v1/printHtml/download/"
                + token + "/invoice.pdf")).build(), HttpResponse.BodyHandlers.ofFile(work.resolve(token + ".pdf")));
        assertEquals(200, pdf.statusCode());
        assertEquals("application/pdf", pdf.headers().firstValue("Content-Type").orElse(""));
        assertTrue(pdf.headers().firstValue("Content-Disposition").orElse("").startsWith("attachment; filename=\"invoice.pdf\""));
        String text = run("pdftotext", "-layout", pdf.body().toString(), "-");
        assertTrue(text, text.contains("First page of the invoice"));
        assertTrue(text, text.contains("Invoice 42"));
        assertTrue(text, text.contains("Page 1 of 2"));
        assertTrue(text, text.contains("Page 2 of 2"));
        assertTrue(text, text.contains("https://app.example/invoice/42"));
        String info = run("pdfinfo", pdf.body().toString());
        assertTrue(info, info.matches("(?s).*Pages:\\s+2\\s.*"));
        assertTrue(info, info.matches("(?s).*Page size:\\s+841.* x 595.*")); // A4 landscape

        assertEquals("collected: gone", 404, http.send(HttpRequest.newBuilder(URI.create(api
                + "api/v1/printHtml/download/" + token)).build(), HttpResponse.BodyHandlers.discarding()).statusCode());
        assertEquals(404, get("api/v1/printHtml/status/" + token, GUID).statusCode());
    }

    @Test
    public void urlContentToDeviceLoadsItsResourcesButNotTheMetadataAddress() throws Exception {
        String token = print("printHtml", "{\"contentType\":1,\"content\":\"" + site + "/page.html\","
                + "\"device\":{\"printerName\":\"demo\"}}", 1);
        assertEquals(6, follow("printHtml", token));
        assertTrue(fetched.contains("/page.html"));
        assertTrue(fetched.contains("/style.css"));
    }

    @Test
    public void innerHtmlWithBaseToFile() throws Exception {
        String token = print("printHtml", "{\"contentType\":4,\"content\":\"<head><link rel=stylesheet href=style.css>"
                + "</head><body><h1>Inner part</h1></body>\",\"settings\":{\"documentUrl\":\"" + site
                + "/inner/\",\"pageRange\":\"1\"},\"device\":{\"printerName\":\"ScriptX.Services//PrintPreview.1\"}}", 2);
        assertEquals(6, follow("printHtml", token));
        String text = download("printHtml", token);
        assertTrue(text, text.contains("Inner part"));
        assertTrue("relative link resolved against documentUrl", fetched.contains("/inner/style.css"));
    }

    @Test
    public void pdfByUrlAndByDataUrl() throws Exception {
        Path three = threePagePdf();
        String byUrl = print("printPdf", "{\"Document\":\"" + site + "/doc.pdf\",\"Settings\":{\"pageRange\":\"2-3\"},"
                + "\"Device\":{\"printerName\":\"ScriptX.Services//PrintPreview.1\"}}", 2);
        assertEquals(6, follow("printPdf", byUrl));
        String text = download("printPdf", byUrl);
        assertTrue(text, text.contains("Sheet two") && text.contains("Sheet three") && !text.contains("Sheet one"));

        String data = "data:application/pdf;base64," + Base64.getEncoder().encodeToString(Files.readAllBytes(three));
        String byData = print("printPdf", "{\"document\":\"" + data + "\",\"device\":{\"printerName\":\"demo\"}}", 1);
        assertEquals(6, follow("printPdf", byData));
    }

    @Test
    public void directStringIsPrintedSynchronously() throws Exception {
        HttpResponse<String> r = post("api/v1/printDirect/print", GUID,
                "{\"contentType\":8,\"content\":\"^XA^FO50,50^FDHello^FS^XZ\",\"printerName\":\"demo\"}");
        assertEquals(200, r.statusCode());
        assertEquals("{\"status\":4,\"jobIdentifier\":\"\",\"message\":\"\"}", r.body());
        HttpResponse<String> wrong = post("api/v1/printDirect/print", GUID, "{\"contentType\":2,\"content\":\"x\"}");
        assertTrue(wrong.body(), wrong.body().startsWith("{\"status\":3,"));
    }

    // ---- without Chromium ----

    /**
     * A second server whose Chromium is configured to a path that does not exist: the Java renderer takes over and
     * the whole flow still prints, settings and header codes included, and loads a URL page's style sheet.
     */
    @Test
    public void withoutChromiumTheJavaRendererPrints() throws Exception {
        Path other = Files.createDirectories(PrinthubOptions.workDirectory("scriptx-java"));
        Path deploy = Files.createDirectories(other.resolve("deploy"));
        Files.writeString(deploy.resolve("org.printhub.api.scriptx.cfg"), "port=0\n");
        Files.writeString(deploy.resolve("org.printhub.render.fetch.cfg"), "allowList=127.0.0.1\ntimeoutSeconds=5\n");
        Files.writeString(deploy.resolve("org.printhub.render.cfg"), "chromiumPath=/nonexistent/chromium\n");
        try (PrinthubProcess server = PrinthubProcess.start(other)) {
            String base = server.await("the ScriptX listener", 1, 90_000, LISTENER).get(0).group(1);
            server.await("the demo printer", 1, 60_000, l -> l.contains("device demo (virtual) added"));
            server.commandUntil("licence:add " + GUID + " Tester", "the licence", 30_000,
                    l -> l.contains("5091e665-8916-4d21-996e-00a2de5de416  Tester"));
            String body = "{\"ContentType\":2,\"Content\":\"<!DOCTYPE html><html><head><title>Doc</title></head><body>"
                    + "<p>First page without Chromium</p><p style='page-break-before:always'>Second page</p></body></html>\","
                    + "\"Settings\":{\"header\":\"&w&bPage &p of &P\",\"footer\":\"&u\",\"jobTitle\":\"Invoice 43\","
                    + "\"documentUrl\":\"https://app.example/invoice/43\",\"page\":{\"orientation\":1,\"units\":2,"
                    + "\"margins\":{\"left\":\"10\",\"top\":\"15\",\"right\":\"10\",\"bottom\":\"15\"}}},"
                    + "\"Device\":{\"printerName\":\"ScriptX.Services//PrintPreview.1\",\"paperSizeName\":\"A4\"}}";
            String token = print(base, "printHtml", body, 2);
            assertEquals(6, follow(server, base, "printHtml", token));
            Path pdf = other.resolve(token + ".pdf");
            assertEquals(200, http.send(HttpRequest.newBuilder(URI.create(base + "api/v1/printHtml/download/" + token))
                    .build(), HttpResponse.BodyHandlers.ofFile(pdf)).statusCode());
            String text = run("pdftotext", "-layout", pdf.toString(), "-");
            assertTrue(text, text.contains("First page without Chromium") && text.contains("Second page"));
            assertTrue(text, text.contains("Invoice 43") && text.contains("https://app.example/invoice/43"));
            assertTrue(text, text.contains("Page 1 of 2") && text.contains("Page 2 of 2"));
            String info = run("pdfinfo", pdf.toString());
            assertTrue(info, info.matches("(?s).*Pages:\\s+2\\s.*"));
            assertTrue(info, info.matches("(?s).*Page size:\\s+841.* x 595.*")); // A4 landscape
            assertTrue(info, info.contains("openhtmltopdf"));

            fetched.remove("/style.css");
            String byUrl = print(base, "printHtml", "{\"contentType\":1,\"content\":\"" + site + "/page.html\","
                    + "\"device\":{\"printerName\":\"demo\"}}", 1);
            assertEquals(6, follow(server, base, "printHtml", byUrl));
            assertTrue(fetched.contains("/style.css"));
            assertTrue(server.lines().stream().anyMatch(l -> l.contains("HTML is rendered with openhtmltopdf")));
            assertTrue(server.lines().stream().noneMatch(l -> l.contains("Chromium started")));
        }
    }

    // ---- canceljob ----

    @Test
    public void cancelRemovesAQueuedJobAndStopsPreProcessing() throws Exception {
        printhub.commandUntil("device:pause demo", "the pause", 20_000, l -> l.contains("device demo paused"));
        try {
            String queued = print("printHtml", "{\"contentType\":2,\"content\":\"<p>waits</p>\","
                    + "\"device\":{\"printerName\":\"demo\"}}", 1);
            int status = 0;
            for (int i = 0; i < 100 && status != 1; i++) {
                status = statusOf("printHtml", queued);
                Thread.sleep(100);
            }
            assertEquals("queued behind the paused printer", 1, status);
            HttpResponse<String> cancelled = put("api/v1/printHtml/canceljob/" + queued);
            assertEquals(200, cancelled.statusCode());
            assertTrue(cancelled.body(), cancelled.body().contains("\"status\":-2"));
            assertEquals(-2, statusOf("printHtml", queued));

            // Read as a page of the loopback site: Chromium lets only such pages load from loopback.
            String loading = print("printHtml", "{\"contentType\":2,\"content\":\"<img src='" + site + "/hang'>\","
                    + "\"settings\":{\"documentUrl\":\"" + site + "/\"},\"device\":{\"printerName\":\"demo\"}}", 1);
            Thread.sleep(500);
            assertEquals("pre-processing", 2, statusOf("printHtml", loading));
            assertTrue(put("api/v1/printHtml/canceljob/" + loading).body().contains("\"status\":-2"));
            Thread.sleep(500);
            assertEquals(-2, statusOf("printHtml", loading));
        } finally {
            printhub.commandUntil("device:resume demo", "the resume", 20_000, l -> l.contains("device demo resumed"));
        }
    }

    // ---- MeadCo's own client ----

    @Test
    public void meadcosOwnClientInHeadlessChromium() throws Exception {
        org.junit.Assume.assumeTrue("npm ci in integration-tests/js installs the client",
                Files.isDirectory(CLIENT.resolve("node_modules/scriptxprint-html")));
        threePagePdf();
        Path out = Files.createDirectories(work.resolve("client-downloads"));
        String result = node("all", out);
        assertTrue(result, result.contains("\"licence\":{\"applied\":\"5091e665-8916-4d21-996e-00a2de5de416\",\"company\":\"Tester\"}"));
        assertTrue(result, result.contains("\"connect\":{\"printer\":\"demo\""));
        for (String step : new String[] { "htmlUrl", "htmlWhole", "htmlInner", "pdf" }) {
            assertTrue(step + ": " + result, Pattern.compile("\"" + step + "\":\\{\"err\":null,\"progress\":\\[[^\\]]*6\\]")
                    .matcher(result).find());
        }
        assertTrue(result, result.contains("\"direct\":{\"err\":null}"));
        Matcher file = Pattern.compile("\"toFile\":\\{\"file\":\"([^\"]+)\"").matcher(result);
        assertTrue(result, file.find());
        String text = run("pdftotext", "-layout", file.group(1), "-");
        assertTrue(text, text.contains("Printed to file by the MeadCo client"));
        assertTrue(text, text.contains("Page 2 of 2"));

        printhub.commandUntil("device:pause demo", "the pause", 20_000, l -> l.contains("device demo paused"));
        try {
            String cancel = node("cancel", out);
            assertTrue(cancel, cancel.contains("\"cancel\":{\"http\":200,\"body\":{\"status\":-2"));
            assertTrue(cancel, Pattern.compile("\"queuedThenCancelled\":\\{\"err\":\"Server error\",\"progress\":\\[1,[^\\]]*-2\\]")
                    .matcher(cancel).find());
        } finally {
            printhub.commandUntil("device:resume demo", "the resume", 20_000, l -> l.contains("device demo resumed"));
        }
    }

    private static String node(String steps, Path out) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("node", CLIENT.resolve("scriptx-client.mjs").toString())
                .directory(CLIENT.toFile()).redirectErrorStream(true);
        String pageOrigin = site.replace("127.0.0.1", "localhost");
        pb.environment().put("PAGE_URL", pageOrigin + "/client.html");
        pb.environment().put("SCRIPTX_API", api.substring(0, api.length() - 1));
        pb.environment().put("LICENCE", GUID);
        pb.environment().put("SITE", site);
        pb.environment().put("OUT", out.toString());
        pb.environment().put("STEPS", steps);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue("node finished", p.waitFor(5, TimeUnit.MINUTES));
        assertEquals(output, 0, p.exitValue());
        return output;
    }

    // ---- bad input ----

    @Test
    public void badRequestsGetTheOriginalsAnswers() throws Exception {
        HttpResponse<String> malformed = post("api/v1/printHtml/print", GUID, "{\"contentType\":2,");
        assertEquals(400, malformed.statusCode());
        assertTrue(malformed.body(), malformed.body().startsWith("\"malformed JSON"));
        assertEquals(401, post("api/v1/printHtml/print", null, "{}").statusCode());
        assertEquals(401, post("api/v1/printHtml/print", "{5091E665-8916-4D21-996E-00A2DE5DE417}", "{}").statusCode());
        HttpResponse<String> unknownToken = get("api/v1/printHtml/status/0123456789abcdef0123456789abcdef", GUID);
        assertEquals(404, unknownToken.statusCode());
        assertEquals("\"Job not found\"", unknownToken.body());
        assertEquals(404, get("api/v1/printPdf/status/../../etc", GUID).statusCode());

        String unknownFields = print("printHtml", "{\"contentType\":2,\"content\":\"<p>x</p>\",\"UserData\":{\"a\":[1]},"
                + "\"Device\":{\"printerName\":\"demo\",\"bins\":[\"x\"],\"isDefault\":true}}", 1);
        assertEquals(6, follow("printHtml", unknownFields));

        HttpResponse<String> innerString = post("api/v1/printHtml/print", GUID, "{\"contentType\":8,\"content\":\"x\"}");
        assertTrue(innerString.body(), innerString.body().startsWith("{\"status\":3,\"jobIdentifier\":\"\""));

        byte[] huge = new byte[(32 << 20) + 1024];
        java.util.Arrays.fill(huge, (byte) ' ');
        HttpResponse<String> tooLarge = http.send(HttpRequest.newBuilder(URI.create(api + "api/v1/printHtml/print"))
                .header("Authorization", basic(GUID)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(huge)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(413, tooLarge.statusCode());

        assertFails("printPdf", "{\"document\":\"" + site + "/not-a.pdf\"}", "not a readable PDF");
        assertFails("printPdf", "{\"document\":\"" + site + "/to-file\"}", "only http and https");
        assertFails("printPdf", "{\"document\":\"" + site + "/to-metadata\"}", "link-local");
        assertFails("printPdf", "{\"document\":\"" + site + "/hang\"}", "within 5 s");
        assertFails("printPdf", "{\"document\":\"data:application/pdf;base64,bm90IGEgcGRm\"}", "not a readable PDF");
        assertFails("printHtml", "{\"contentType\":1,\"content\":\"file:///etc/passwd\"}", "only http and https");
        assertFails("printHtml", "{\"contentType\":2,\"content\":\"<img src='" + site + "/hang?never'>\","
                + "\"settings\":{\"documentUrl\":\"" + site + "/\"}}",
                "did not finish loading");

        assertEquals("still up", 200, get("api/v1/licensing/ping", null).statusCode());
    }

    private void assertFails(String area, String body, String message) throws Exception {
        String token = print(area, body, 1);
        assertEquals(body, -1, follow(area, token));
        String status = get("api/v1/" + area + "/status/" + token, GUID).body();
        assertTrue(status, status.contains(message));
    }

    // ---- helpers ----

    private static Path threePagePdf() throws Exception {
        Path pdf = work.resolve("three-pages.pdf");
        if (Files.exists(pdf)) {
            return pdf;
        }
        String token = print("printHtml", "{\"contentType\":2,\"content\":\"<p>Sheet one</p>"
                + "<p style='page-break-before:always'>Sheet two</p><p style='page-break-before:always'>Sheet three</p>\","
                + "\"device\":{\"printerName\":\"ScriptX.Services//PrintPreview.1\"}}", 2);
        assertEquals(6, follow("printHtml", token));
        HttpResponse<Path> r = http.send(HttpRequest.newBuilder(URI.create(api + "api/v1/printHtml/download/" + token))
                .build(), HttpResponse.BodyHandlers.ofFile(pdf));
        assertEquals(200, r.statusCode());
        return pdf;
    }

    private static String download(String area, String token) throws Exception {
        Path file = work.resolve(token + ".pdf");
        HttpResponse<Path> r = http.send(HttpRequest.newBuilder(URI.create(api + "api/v1/" + area + "/download/" + token))
                .build(), HttpResponse.BodyHandlers.ofFile(file));
        assertEquals(200, r.statusCode());
        return run("pdftotext", file.toString(), "-");
    }

    private static String print(String area, String body, int expected) throws Exception {
        return print(api, area, body, expected);
    }

    private static String print(String base, String area, String body, int expected) throws Exception {
        HttpResponse<String> r = post(base, "api/v1/" + area + "/print", GUID, body);
        assertEquals(r.body(), 200, r.statusCode());
        Matcher s = STATUS.matcher(r.body());
        assertTrue(r.body(), s.find());
        assertEquals(r.body(), expected, Integer.parseInt(s.group(1)));
        Matcher t = TOKEN.matcher(r.body());
        assertTrue(r.body(), t.find());
        assertEquals(32, t.group(1).length());
        return t.group(1);
    }

    /** Polls as the client does, until a final status; at most 60 s. */
    private static int follow(String area, String token) throws Exception {
        return follow(printhub, api, area, token);
    }

    private static int follow(PrinthubProcess server, String base, String area, String token) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        int status;
        do {
            status = statusOf(base, area, token);
            if (status == 6 || status == -1 || status == -2 || status == 101) {
                return status;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < end);
        List<String> lines = server.lines();
        throw new AssertionError("job " + token + " still at status " + status + "; server output:\n"
                + String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size())));
    }

    private static int statusOf(String area, String token) throws Exception {
        return statusOf(api, area, token);
    }

    private static int statusOf(String base, String area, String token) throws Exception {
        HttpResponse<String> r = get(base, "api/v1/" + area + "/status/" + token, GUID);
        assertEquals(r.body(), 200, r.statusCode());
        Matcher m = STATUS.matcher(r.body());
        assertTrue(r.body(), m.find());
        return Integer.parseInt(m.group(1));
    }

    private static HttpResponse<String> get(String path, String guid) throws Exception {
        return get(api, path, guid);
    }

    private static HttpResponse<String> get(String base, String path, String guid) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (guid != null) {
            b.header("Authorization", basic(guid));
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String guid, String json) throws Exception {
        return post(api, path, guid, json);
    }

    private static HttpResponse<String> post(String base, String path, String guid, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (guid != null) {
            b.header("Authorization", basic(guid));
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> put(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(api + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", basic(GUID)).PUT(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String guid) {
        return "Basic " + Base64.getEncoder().encodeToString((guid + ":").getBytes(StandardCharsets.UTF_8));
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(command[0] + " finished", p.waitFor(30, TimeUnit.SECONDS));
        assertNotNull(out);
        return out;
    }
}
