package org.printhub.api.scriptx.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * "Accepted means on disk": printHtml jobs accepted by a server (a child JVM) that is killed with SIGKILL before it
 * prepared them are prepared again by the next server over the same directory, under the same tokens, and their
 * clients, polling over HTTP, see them go on: printed, failed with a readable status, or still cancelled.
 */
@Timeout(180)
class ScriptxRestartTest {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Socket> held = new ArrayList<>();
    private ServerSocket silent;
    private Thread accepting;

    /** A web server that accepts connections and never answers: a URL job waits on it as long as its fetch may. */
    @BeforeEach
    void silentServer() throws Exception {
        silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        accepting = new Thread(() -> {
            try {
                while (true) {
                    Socket s = silent.accept();
                    synchronized (held) {
                        held.add(s);
                    }
                }
            } catch (Exception closed) {
                // the test is over
            }
        }, "silent-server");
        accepting.setDaemon(true);
        accepting.start();
    }

    @AfterEach
    void closeSilentServer() throws Exception {
        silent.close();
        synchronized (held) {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void jobsAcceptedByAKilledServerGoOnAfterTheRestart(@TempDir Path dir) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        // one pre-processing thread, held by a URL that never answers (60 s fetch timeout): the jobs behind it wait
        Process first = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                ScriptxServer.class.getName(), dir.toString(), "60", "workers=1")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String urlToken;
        String htmlToken;
        String cancelledToken;
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(first.getInputStream(),
                    StandardCharsets.UTF_8));
            String port = null;
            for (String line; (line = out.readLine()) != null;) {
                if (line.startsWith("listening ")) {
                    port = line.substring("listening ".length());
                    break;
                }
            }
            assertNotNull(port, "the first server did not start");
            URI api = URI.create("http://127.0.0.1:" + port + "/");
            urlToken = accepted(print(api, "{\"contentType\":1,\"content\":\"http://127.0.0.1:" + silent.getLocalPort()
                    + "/never\"}"));
            awaitStatus(api, urlToken, 3); // Downloading: the only worker is taken
            htmlToken = accepted(print(api, "{\"contentType\":2,\"content\":\"<h1>Accepted before the kill</h1>\","
                    + "\"settings\":{\"jobTitle\":\"Kill test\"},\"device\":{\"printerName\":\"office\"}}"));
            cancelledToken = accepted(print(api, "{\"contentType\":2,\"content\":\"<h1>Cancelled</h1>\"}"));
            assertEquals(-2, status(api, cancelledToken, "canceljob").get("status").getAsInt());
            assertEquals(0, status(api, htmlToken, "status").get("status").getAsInt(), "waits for the worker");

            first.destroyForcibly(); // SIGKILL: no shutdown hook, no deactivate
            assertTrue(first.waitFor(10, TimeUnit.SECONDS));
        } finally {
            first.destroyForcibly();
        }
        assertEquals(List.of(), printed(dir.resolve("output")), "the killed server printed nothing");

        try (ScriptxServer second = new ScriptxServer(dir, Map.of("workers", 2), 2)) {
            // the clients' polls find their jobs at once, before they are prepared again
            for (String token : List.of(urlToken, htmlToken, cancelledToken)) {
                assertEquals(200, statusResponse(second.base, token, "status").statusCode(), token);
            }
            assertEquals(6, awaitFinal(second.base, htmlToken).get("status").getAsInt());
            JsonObject failed = awaitFinal(second.base, urlToken);
            assertEquals(-1, failed.get("status").getAsInt(), failed.toString());
            assertFalse(failed.get("message").getAsString().isBlank(), "the client reads why: " + failed);
            assertEquals(-2, status(second.base, cancelledToken, "status").get("status").getAsInt());

            List<Path> printed = printed(second.output);
            assertEquals(1, printed.size(), "only the accepted, uncancelled HTML job prints: " + printed);
            try (PDDocument pdf = Loader.loadPDF(printed.get(0).toFile())) {
                assertTrue(new PDFTextStripper().getText(pdf).contains("Accepted before the kill"));
            }
            // the printed job's record is gone; the two that ended keep only how they ended
            try (Stream<Path> records = Files.list(dir.resolve("scriptx-intake"))) {
                assertEquals(Set.of(urlToken + ".html", cancelledToken + ".html"),
                        Set.copyOf(records.map(p -> p.getFileName().toString()).toList()));
            }
        }
        // and once more: nothing is prepared twice, and every client still reads its job
        try (ScriptxServer third = new ScriptxServer(dir, Map.of(), 2)) {
            assertEquals(6, status(third.base, htmlToken, "status").get("status").getAsInt());
            assertEquals(-1, status(third.base, urlToken, "status").get("status").getAsInt());
            assertEquals(-2, status(third.base, cancelledToken, "status").get("status").getAsInt());
            Thread.sleep(500);
            assertEquals(1, printed(third.output).size());
        }
    }

    private static List<Path> printed(Path output) throws Exception {
        if (!Files.isDirectory(output)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(output).filter(Files::isRegularFile)) {
            return files.toList();
        }
    }

    private JsonObject print(URI api, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(api.resolve("api/v1/printHtml/print"))
                .header("Authorization", auth()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return JsonParser.parseString(r.body()).getAsJsonObject();
    }

    private static String accepted(JsonObject print) {
        assertEquals(1, print.get("status").getAsInt(), print.toString());
        return print.get("jobIdentifier").getAsString();
    }

    private HttpResponse<String> statusResponse(URI api, String token, String action) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(api.resolve("api/v1/printHtml/" + action + "/" + token))
                .header("Authorization", auth());
        b = action.equals("canceljob") ? b.PUT(HttpRequest.BodyPublishers.noBody()) : b.GET();
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonObject status(URI api, String token, String action) throws Exception {
        HttpResponse<String> r = statusResponse(api, token, action);
        assertEquals(200, r.statusCode(), token + ": " + r.body());
        return JsonParser.parseString(r.body()).getAsJsonObject();
    }

    private void awaitStatus(URI api, String token, int wanted) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        int last;
        do {
            last = status(api, token, "status").get("status").getAsInt();
            if (last == wanted) {
                return;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < end);
        throw new AssertionError("status " + last + ", not " + wanted);
    }

    private JsonObject awaitFinal(URI api, String token) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            JsonObject s = status(api, token, "status");
            if (StatusTable.isFinal(s.get("status").getAsInt()) || System.nanoTime() > end) {
                return s;
            }
            Thread.sleep(50);
        }
    }

    private static String auth() {
        return "Basic " + Base64.getEncoder().encodeToString((ScriptxServer.GUID + ":")
                .getBytes(StandardCharsets.UTF_8));
    }
}
