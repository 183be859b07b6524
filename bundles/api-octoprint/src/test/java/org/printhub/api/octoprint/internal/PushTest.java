package org.printhub.api.octoprint.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The push socket with a real websocket client (java.net.http) against the surface on Jetty: the SockJS websocket
 * transport and the raw websocket, authentication, history, live current messages and print events.
 */
@Timeout(60)
class PushTest {
    @TempDir
    Path dir;
    OctoServer octo;

    @BeforeEach
    void start() throws Exception {
        octo = new OctoServer(dir, OctoServer.defaults());
    }

    @AfterEach
    void stop() throws Exception {
        octo.close();
    }

    /** Text messages as they arrive. */
    static final class Client implements WebSocket.Listener {
        final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        final StringBuilder partial = new StringBuilder();
        volatile int closeCode = -1;

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                frames.add(partial.toString());
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
            closeCode = code;
            return null;
        }

        String next() throws InterruptedException {
            String f = frames.poll(10, TimeUnit.SECONDS);
            if (f == null) {
                throw new AssertionError("no frame within 10 s");
            }
            return f;
        }
    }

    WebSocket open(String path, Client client) throws Exception {
        return HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create("ws://127.0.0.1:" + octo.base.getPort() + path), client)
                .get(10, TimeUnit.SECONDS);
    }

    /** The messages of a SockJS {@code a[...]} frame: JSON objects. */
    static JsonArray messages(String frame) {
        assertTrue(frame.startsWith("a["), frame);
        JsonArray a = JsonParser.parseString(frame.substring(1)).getAsJsonArray();
        for (JsonElement e : a) {
            assertTrue(e.isJsonObject(), "a message is a JSON object: " + frame);
        }
        return a;
    }

    static JsonObject awaitMessage(Client c, boolean sockJs, Predicate<JsonObject> wanted) throws Exception {
        long end = System.nanoTime() + 15_000_000_000L;
        while (System.nanoTime() < end) {
            String f = c.next();
            if (f.equals("h")) {
                continue;
            }
            JsonArray list = sockJs ? messages(f) : wrap(JsonParser.parseString(f).getAsJsonObject());
            for (JsonElement e : list) {
                if (wanted.test(e.getAsJsonObject())) {
                    return e.getAsJsonObject();
                }
            }
        }
        throw new AssertionError("message not seen");
    }

    private static JsonArray wrap(JsonObject o) {
        JsonArray a = new JsonArray();
        a.add(o);
        return a;
    }

    static Predicate<JsonObject> event(String type) {
        return m -> m.has("event") && m.getAsJsonObject("event").get("type").getAsString().equals(type);
    }

    @Test
    void sockJsSendsHistoryThenLiveProgressAndEventsAfterAuth() throws Exception {
        JsonObject info = JsonParser.parseString(octo.get("/sockjs/info").body()).getAsJsonObject();
        assertTrue(info.get("websocket").getAsBoolean());
        Client c = new Client();
        WebSocket ws = open("/sockjs/000/abcdefgh/websocket", c);
        assertEquals("o", c.next());
        JsonObject connected = messages(c.next()).get(0).getAsJsonObject();
        assertEquals("1.11.8", connected.getAsJsonObject("connected").get("version").getAsString());
        octo.upload("/api/files/local", Map.of("select", "true"), "part.gcode", OctoPrintApiTest.gcode(20000));
        Thread.sleep(300);
        assertTrue(c.frames.isEmpty(), "nothing but 'connected' before authentication: " + c.frames);

        String session = JsonParser.parseString(octo.post("/api/login", "{\"passive\":true}").body())
                .getAsJsonObject().get("session").getAsString();
        ws.sendText("[\"{\\\"auth\\\":\\\"alice:" + session + "\\\"}\"]", true).get(5, TimeUnit.SECONDS);
        JsonObject history = awaitMessage(c, true, m -> m.has("history")).getAsJsonObject("history");
        assertEquals("Operational", history.getAsJsonObject("state").get("text").getAsString());
        assertEquals("part.gcode", history.getAsJsonObject("job").getAsJsonObject("file").get("name")
                .getAsString());

        octo.printer.delayPerChunkMillis.set(20);
        assertEquals(204, octo.post("/api/job", "{\"command\":\"start\"}").statusCode());
        JsonObject started = awaitMessage(c, true, event("PrintStarted"));
        assertEquals("part.gcode", started.getAsJsonObject("event").getAsJsonObject("payload").get("path")
                .getAsString());
        JsonObject current = awaitMessage(c, true, m -> m.has("current")
                && m.getAsJsonObject("current").getAsJsonObject("progress").get("completion").isJsonPrimitive()
                && m.getAsJsonObject("current").getAsJsonObject("progress").get("completion").getAsDouble() > 0)
                .getAsJsonObject("current");
        assertEquals("Printing", current.getAsJsonObject("state").get("text").getAsString());
        assertTrue(current.getAsJsonObject("state").getAsJsonObject("flags").get("printing").getAsBoolean());
        JsonObject temps = awaitMessage(c, true, m -> m.has("current")
                && m.getAsJsonObject("current").getAsJsonArray("temps").size() > 0).getAsJsonObject("current")
                .getAsJsonArray("temps").get(0).getAsJsonObject();
        assertEquals(210.5, temps.getAsJsonObject("tool0").get("actual").getAsDouble());

        assertEquals(204, octo.post("/api/job", "{\"command\":\"pause\",\"action\":\"pause\"}").statusCode());
        awaitMessage(c, true, event("PrintPaused"));
        // Paused only once the driver stopped: from then on the position stands still
        JsonObject paused = awaitMessage(c, true, m -> m.has("current") && m.getAsJsonObject("current")
                .getAsJsonObject("state").get("text").getAsString().equals("Paused")).getAsJsonObject("current");
        long position = paused.getAsJsonObject("progress").get("filepos").getAsLong();
        Thread.sleep(400);
        JsonObject job = JsonParser.parseString(octo.get("/api/job").body()).getAsJsonObject();
        assertEquals("Paused", job.get("state").getAsString());
        assertEquals(position, job.getAsJsonObject("progress").get("filepos").getAsLong());
        assertEquals(204, octo.post("/api/job", "{\"command\":\"pause\",\"action\":\"resume\"}").statusCode());
        awaitMessage(c, true, event("PrintResumed"));
        assertEquals(204, octo.post("/api/job", "{\"command\":\"cancel\"}").statusCode());
        awaitMessage(c, true, event("PrintCancelled"));
        JsonObject after = awaitMessage(c, true, m -> m.has("current") && m.getAsJsonObject("current")
                .getAsJsonObject("state").get("text").getAsString().equals("Operational")).getAsJsonObject("current");
        assertEquals("part.gcode", after.getAsJsonObject("job").getAsJsonObject("file").get("name").getAsString());
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
        long end = System.nanoTime() + 5_000_000_000L;
        while (octo.push.sessionCount() > 0 && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        assertEquals(0, octo.push.sessionCount(), "a closed socket leaves no session behind");
    }

    @Test
    void rawWebsocketWithKeyAuthAndThrottle() throws Exception {
        Client c = new Client();
        WebSocket ws = open("/sockjs/websocket", c);
        JsonObject connected = JsonParser.parseString(c.next()).getAsJsonObject();
        assertTrue(connected.has("connected"));
        ws.sendText("{\"auth\":\"alice:" + octo.key + "\"}", true).get(5, TimeUnit.SECONDS);
        awaitMessage(c, false, m -> m.has("history"));
        ws.sendText("{\"throttle\":10}", true).get(5, TimeUnit.SECONDS);
        octo.printer.delayPerChunkMillis.set(5);
        octo.upload("/api/files/local", Map.of("print", "true"), "fast.gcode", OctoPrintApiTest.gcode(40000));
        // an authenticated client hears of the upload (an upload builds these only while a client listens), and of
        // the print it started, in whichever order the request and the job event got there
        Map<String, JsonObject> seen = new java.util.HashMap<>();
        while (seen.size() < 4) {
            JsonObject e = awaitMessage(c, false, m -> m.has("event")).getAsJsonObject("event");
            String type = e.get("type").getAsString();
            if (Set.of("Upload", "FileAdded", "UpdatedFiles", "PrintStarted").contains(type)) {
                seen.put(type, e.getAsJsonObject("payload"));
            }
        }
        assertEquals("fast.gcode", seen.get("Upload").get("path").getAsString());
        assertTrue(seen.get("Upload").get("print").getAsBoolean());
        assertEquals("fast.gcode", seen.get("FileAdded").get("path").getAsString());
        assertEquals("fast.gcode", seen.get("PrintStarted").get("path").getAsString());
        // with throttle 10 and a 100 ms interval, 'current' comes at most once a second
        long first = -1;
        long second = -1;
        while (second < 0) {
            JsonObject m = awaitMessage(c, false, x -> x.has("current"));
            long now = System.nanoTime();
            if (first < 0) {
                first = now;
            } else {
                second = now;
            }
            assertTrue(m.getAsJsonObject("current").has("serverTime"));
        }
        assertTrue(second - first >= 900_000_000L, "throttled: " + (second - first) / 1_000_000 + " ms");
    }

    @Test
    void aBadAuthGetsNothingAndAPlainGetIsNoUpgrade() throws Exception {
        Client c = new Client();
        WebSocket ws = open("/sockjs/websocket", c);
        c.next();
        ws.sendText("{\"auth\":\"alice:wrong-session\"}", true).get(5, TimeUnit.SECONDS);
        ws.sendText("not json at all", true).get(5, TimeUnit.SECONDS);
        octo.upload("/api/files/local", Map.of("select", "true"), "p.gcode", OctoPrintApiTest.gcode(10));
        Thread.sleep(500);
        assertTrue(c.frames.isEmpty(), "an unauthenticated client gets no data: " + c.frames);
        assertEquals(400, octo.get("/sockjs/websocket").statusCode());
        assertEquals(404, octo.get("/sockjs/1/2/xhr_streaming").statusCode());
    }
}
