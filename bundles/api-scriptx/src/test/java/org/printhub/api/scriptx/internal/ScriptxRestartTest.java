package org.printhub.api.scriptx.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
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
        String pdfToken;
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
            pdfToken = accepted(print(api.resolve("api/v1/printPdf/print"), "{\"document\":\"data:application/pdf;base64,"
                    + onePagePdf() + "\",\"settings\":{\"jobTitle\":\"Kill test PDF\"}}"));
            assertEquals(-2, status(api, cancelledToken, "canceljob").get("status").getAsInt());
            assertEquals(0, status(api, htmlToken, "status").get("status").getAsInt(), "waits for the worker");

            first.destroyForcibly(); // SIGKILL: no shutdown hook, no deactivate
            assertTrue(first.waitFor(10, TimeUnit.SECONDS));
        } finally {
            first.destroyForcibly();
        }
        assertEquals(List.of(), printed(dir.resolve("output")), "the killed server printed nothing");
        // a crash in the middle of an append (never acknowledged) leaves a torn frame at the journal's end
        List<Path> journals;
        try (Stream<Path> files = Files.list(dir.resolve("scriptx-intake"))) {
            journals = files.filter(p -> p.getFileName().toString().matches("journal-[0-9a-f]{16}\\.log")).sorted()
                    .toList();
        }
        Path newest = null;
        int end = 0;
        for (Path journal : journals) { // the last with records (the one prepared ahead holds only zeros)
            byte[] bytes = Files.readAllBytes(journal);
            int last = bytes.length;
            while (last > 0 && bytes[last - 1] == 0) {
                last--; // the records end where the segment's preallocated zeros begin
            }
            if (last > 0) {
                newest = journal;
                end = last;
            }
        }
        assertNotNull(newest, "the killed server's journal holds its records: " + journals);
        try (FileChannel ch = FileChannel.open(newest, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] { 0x53, 0x58, 0x4a, 0x31, 1, 0, 0, 4, 0, 0x7f, 0x3c, 0x68 }), end);
        }

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
            assertEquals(6, awaitFinal(second.base.resolve("api/v1/printPdf/"), pdfToken).get("status").getAsInt());

            List<Path> printed = printed(second.output);
            assertEquals(2, printed.size(), "only the accepted, uncancelled HTML and PDF jobs print: " + printed);
            List<String> texts = new ArrayList<>();
            for (Path p : printed) {
                try (PDDocument pdf = Loader.loadPDF(p.toFile())) {
                    texts.add(new PDFTextStripper().getText(pdf).trim());
                }
            }
            assertEquals(Set.of("Accepted before the kill", "PDF accepted before the kill"), Set.copyOf(texts));
        }
        // the printed jobs' records are gone; the two that ended keep only how they ended
        try (Intake intake = new Intake(dir.resolve("scriptx-intake"), 1 << 20)) {
            Map<String, IntakeRecord> records = new HashMap<>();
            intake.found().records().forEach(r -> records.put(r.token(), r));
            assertEquals(Set.of(urlToken, cancelledToken), records.keySet());
            for (IntakeRecord r : records.values()) {
                assertTrue(r.isEnded(), r.toString());
                assertNull(r.content(), r.toString());
            }
            assertEquals(-2, records.get(cancelledToken).endedStatus());
        }
        // and once more: nothing is prepared twice, and every client still reads its job
        try (ScriptxServer third = new ScriptxServer(dir, Map.of(), 2)) {
            assertEquals(6, status(third.base, htmlToken, "status").get("status").getAsInt());
            assertEquals(-1, status(third.base, urlToken, "status").get("status").getAsInt());
            assertEquals(-2, status(third.base, cancelledToken, "status").get("status").getAsInt());
            Thread.sleep(500);
            assertEquals(-2, status(third.base, cancelledToken, "status").get("status").getAsInt());
            assertEquals(2, printed(third.output).size());
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

    /** @param api the server, or a print route */
    private JsonObject print(URI api, String body) throws Exception {
        URI route = api.getPath().endsWith("/print") ? api : api.resolve("api/v1/printHtml/print");
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(route)
                .header("Authorization", auth()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return JsonParser.parseString(r.body()).getAsJsonObject();
    }

    private static String accepted(JsonObject print) {
        assertEquals(1, print.get("status").getAsInt(), print.toString());
        return print.get("jobIdentifier").getAsString();
    }

    /** @param api the server, or an area's routes ({@code .../api/v1/printPdf/}) */
    private HttpResponse<String> statusResponse(URI api, String token, String action) throws Exception {
        URI area = api.getPath().contains("/api/v1/") ? api : api.resolve("api/v1/printHtml/");
        HttpRequest.Builder b = HttpRequest.newBuilder(area.resolve(action + "/" + token))
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

    /** A one-page PDF saying so, base64. */
    private static String onePagePdf() throws Exception {
        try (PDDocument doc = new PDDocument()) {
            org.apache.pdfbox.pdmodel.PDPage page = new org.apache.pdfbox.pdmodel.PDPage();
            doc.addPage(page);
            try (org.apache.pdfbox.pdmodel.PDPageContentStream text = new org.apache.pdfbox.pdmodel.PDPageContentStream(
                    doc, page)) {
                text.beginText();
                text.setFont(new org.apache.pdfbox.pdmodel.font.PDType1Font(
                        org.apache.pdfbox.pdmodel.font.Standard14Fonts.FontName.HELVETICA), 12);
                text.newLineAtOffset(72, 700);
                text.showText("PDF accepted before the kill");
                text.endText();
            }
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            doc.save(out);
            return Base64.getEncoder().encodeToString(out.toByteArray());
        }
    }

    private static String auth() {
        return "Basic " + Base64.getEncoder().encodeToString((ScriptxServer.GUID + ":")
                .getBytes(StandardCharsets.UTF_8));
    }
}
