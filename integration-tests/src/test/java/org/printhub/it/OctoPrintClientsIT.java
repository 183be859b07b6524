package org.printhub.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

/**
 * Printhub's OctoPrint surface with real third-party clients from the npm registry, while G-code prints on a Marlin
 * simulator through the G-code driver: the client library @jamesgopsill/octoprint-client (with sockjs-client, the
 * SockJS client OctoPrint's own web interface uses, for the push socket) and the farm manager FDM Monster 1.9 (SQLite
 * mode, driven through its own REST API; it talks to OctoPrint over REST and the plain websocket
 * /sockjs/websocket). Each client logs in, sees the printer, uploads, selects, starts, pauses, resumes, cancels and
 * deletes; at each step the test checks what the client saw (states and rising progress pushed over the socket, the
 * messages' shapes), what Printhub's core did (job transitions in its log, GET /api/job) and what reached the
 * printer (the simulator's record against the uploaded file without its comments).
 */
public class OctoPrintClientsIT {
    private static final Pattern LISTENER = Pattern.compile("HTTP listener 'octoprint' at (http://\\S+?)/?$");
    private static final Pattern SECRET = Pattern.compile("^(?:g! )?\\s+secret\\s+(\\S+)$");
    private static final Pattern TRANSITION = Pattern.compile("job (\\d+) (\\S+) -> (\\S+) on marlin\\b");
    private static final Pattern MOVE = Pattern.compile("G1 F1800 X\\S+ Y\\S+ E\\S+");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final long STEP = 60_000;
    /** Per move, so that a print lasts long enough to pause, resume and cancel in. */
    private static final int SLOW_MS = 30;
    private static final String USER = "octo";
    /** The simulator answers every so many good lines as garbled: each print goes through resends. */
    private static final int REJECT_EVERY = 97;
    /** What OctoPrint's 'current' and 'history' messages carry. */
    private static final List<String> CURRENT_FIELDS = List.of("state", "job", "progress", "currentZ", "offsets",
            "temps", "logs", "messages", "busyFiles", "serverTime");
    /** {@code tcp} (default): the driver reaches the simulator at socket://; {@code pty}: through a socat pty. */
    private static final boolean OVER_PTY = System.getProperty("printhub.it.octoprint.link", "tcp").equals("pty");

    private static Path work;
    private static NodeProcess marlin;
    private static Process socat;
    private static Path record;
    private static PrinthubProcess printhub;
    private static String octoprint;
    private static String apiKey;
    private static Path gcode;
    private static List<String> jobLines;
    private static List<String> moves;

    @BeforeClass
    public static void start() throws Exception {
        NodeProcess.assumeNodeAndPackages();
        work = Files.createDirectories(PrinthubOptions.workDirectory("octoprint-clients"));
        Path deploy = Files.createDirectories(work.resolve("deploy"));
        record = work.resolve("marlin.record");
        marlin = NodeProcess.start("marlin", work, Map.of("RECORD", record.toString(), "DELAY_MS",
                Integer.toString(SLOW_MS), "REJECT_EVERY", Integer.toString(REJECT_EVERY)), "marlin-sim.mjs");
        int port = marlin.awaitJson("the simulator's port", 0, "listening", 20_000).get("listening").getAsInt();
        String link = "socket://127.0.0.1:" + port;
        if (OVER_PTY) { // a serial port, as a USB printer is: socat's pty, bridged to the simulator
            Path tty = work.resolve("ttyMarlin");
            socat = new ProcessBuilder("socat", "PTY,link=" + tty + ",raw,echo=0", "TCP:127.0.0.1:" + port)
                    .redirectErrorStream(true).redirectOutput(work.resolve("socat.log").toFile()).start();
            Await.until("socat's pty", 10_000, () -> Files.exists(tty));
            link = tty.toString();
        }
        Files.writeString(deploy.resolve("org.printhub.device.gcode-marlin.cfg"),
                "port=" + link + "\nbaudrate=115200\n");
        Files.writeString(deploy.resolve("org.printhub.api.octoprint-marlin.cfg"), "device.id=marlin\nport=0\n");
        gcode = writeGcode(work.resolve("cube.gcode"));
        jobLines = withoutComments(Files.readAllLines(gcode));
        moves = jobLines.stream().filter(OctoPrintClientsIT::isMove).toList();

        printhub = PrinthubProcess.start(work, "printhub.defaults=false");
        Matcher m = printhub.await("the OctoPrint listener", 1, 90_000, LISTENER).get(0);
        octoprint = m.group(1);
        printhub.await("the printer", 1, 60_000, l -> l.contains("device marlin (gcode) added"));
        Await.until("the driver's connection to the simulator", 30_000,
                () -> marlin.lines().stream().anyMatch(x -> x.contains("\"connected\"")));
        printhub.commandUntil("octoprint:user " + USER + " correct-horse-battery", "the OctoPrint user", 30_000,
                l -> l.contains("created user " + USER) || l.contains("password changed for " + USER));
        int before = printhub.lines().size();
        printhub.command("octoprint:key " + USER + " client-tests");
        apiKey = Await.until("the API key's secret", 20_000, () -> {
            List<String> now = List.copyOf(printhub.lines()); // a sub-list of the live list fails when it grows
            return now.subList(before, now.size()).stream().map(SECRET::matcher).filter(Matcher::find)
                    .map(x -> x.group(1)).findFirst().orElse(null);
        });
    }

    @AfterClass
    public static void stop() throws Exception {
        if (printhub != null) {
            printhub.close();
        }
        if (socat != null) {
            socat.destroy();
            socat.waitFor(10, TimeUnit.SECONDS);
        }
        if (marlin != null) {
            marlin.close();
        }
    }

    // ---- the client library ----

    @Test
    public void clientLibraryWithSockJs() throws Exception {
        String name = "cube-library.gcode";
        int marks = recorded().size();
        int logged = transitions().size();
        slow();
        try (NodeProcess client = NodeProcess.start("octoprint-client", work, Map.of("OCTOPRINT", octoprint,
                "API_KEY", apiKey, "GCODE", gcode.toString(), "NAME", name, "LIMIT_MS", "150000"),
                "octoprint-client-run.mjs")) {
            JsonObject version = client.step("version", STEP).getAsJsonObject("body");
            assertEquals("0.1", version.get("api").getAsString());
            assertTrue(version.toString(), version.get("text").getAsString().startsWith("OctoPrint"));
            JsonObject login = client.step("login", STEP);
            assertEquals(USER, login.get("name").getAsString());
            assertTrue(login.toString(), login.get("hasSession").getAsBoolean());

            JsonObject socket = client.step("socket", STEP);
            JsonObject connected = socket.getAsJsonObject("connected");
            for (String field : List.of("version", "display_version", "branch", "plugin_hash", "config_hash")) {
                assertTrue("'connected' has " + field + ": " + connected, connected.has(field));
            }
            assertEquals("the SockJS client chose the websocket transport", "websocket",
                    socket.get("transport").getAsString());
            JsonArray history = socket.getAsJsonArray("history");
            for (String field : CURRENT_FIELDS) {
                assertTrue("'history' after auth has " + field + ": " + history,
                        history.contains(new JsonPrimitive(field)));
            }

            JsonObject printer = client.step("printer", STEP);
            assertEquals("Operational", printer.getAsJsonObject("connection").get("state").getAsString());
            JsonObject flags = printer.getAsJsonObject("state").getAsJsonObject("flags");
            assertTrue(flags.toString(), flags.get("operational").getAsBoolean() && flags.get("ready").getAsBoolean());
            assertFalse(flags.toString(), flags.get("printing").getAsBoolean());
            assertTrue("the simulator's temperatures: " + printer, printer.has("temperature")
                    && printer.getAsJsonObject("temperature").getAsJsonObject("tool0").has("actual"));

            JsonObject upload = client.step("upload", STEP);
            JsonObject local = upload.getAsJsonObject("body").getAsJsonObject("files").getAsJsonObject("local");
            assertEquals(name, local.get("name").getAsString());
            assertTrue(upload.toString(), upload.get("location").getAsString().endsWith("/api/files/local/" + name));
            assertFalse(upload.getAsJsonObject("body").get("effectiveSelect").getAsBoolean());
            JsonObject listed = client.step("listed", STEP).getAsJsonObject("file");
            assertEquals(Files.size(gcode), listed.get("size").getAsLong());
            assertStoredAsUploaded(name);
            assertEquals("machinecode", listed.get("type").getAsString());
            JsonObject selected = client.step("selected", STEP).getAsJsonObject("job");
            assertEquals(name, selected.getAsJsonObject("job").getAsJsonObject("file").get("name").getAsString());
            assertEquals("Operational", selected.get("state").getAsString());

            // printing: pushed progress rose; the core prints the job; the printer receives the file's lines
            JsonObject printing = client.step("printing", STEP);
            assertRising(printing.getAsJsonArray("socket"), "completion");
            assertCurrentShape(printing.getAsJsonArray("socket"));
            assertFlags(printing.getAsJsonArray("socket"), "Printing", "printing", "operational");
            long job = transition(logged, null, "processing").jobId();
            assertEquals("Printing", octoprintJob().get("state").getAsString());
            Await.until("moves at the printer", 20_000, () -> movesAt(marks).size() > 0);
            client.send("next");

            // pause, resume, cancel: what the client saw, what the core did, what reached the printer
            JsonObject paused = pauseResumeCancel(client, job, logged, marks);
            assertFlags(paused.getAsJsonArray("socket"), "Paused", "paused", "operational");
            double at = paused.getAsJsonObject("first").getAsJsonObject("progress").get("completion").getAsDouble();
            assertEquals("progress stands still while paused", at, paused.getAsJsonObject("later")
                    .getAsJsonObject("progress").get("completion").getAsDouble(), 0.0);
            int beforeSecond = transitions().size();
            marlin.send("delay 1"); // the second print runs to its end quickly
            int second = recorded().size();
            int noiseMark = marlin.lines().size();
            client.send("next");

            // completed: the whole file reached the printer once, in order, without its comments
            JsonObject completed = client.step("completed", STEP);
            assertEquals("the file's job prints again", job,
                    transition(beforeSecond, "processing", "completed").jobId());
            assertEquals(100.0, completed.getAsJsonObject("job").getAsJsonObject("progress").get("completion")
                    .getAsDouble(), 0.0);
            String shown = printhub.awaitCommand("job:show " + job, "the job in the shell", 20_000,
                    l -> l.matches("(g! )?\\s+state\\s+.*"));
            assertTrue(shown, shown.contains("completed"));
            // the driver's own account: the file's lines without comments, and its layers
            String message = printhub.awaitCommand("job:show " + job, "the job's message", 20_000,
                    l -> l.matches("(g! )?\\s+message\\s+.*"));
            assertTrue(message, message.contains("printed " + jobLines.size() + " lines, 12 layers"));
            assertWholeFile(recorded().subList(second, recorded().size()));
            List<String> noise = List.copyOf(marlin.lines());
            assertTrue("the print went through resends: " + String.join("\n", noise),
                    noise.subList(noiseMark, noise.size()).stream().anyMatch(l -> l.contains("\"rejected\"")));
            slow();
            client.send("next");

            JsonObject idleCancel = client.step("cancel-idle", STEP);
            assertEquals(409, idleCancel.get("status").getAsInt());
            assertTrue(idleCancel.toString(), idleCancel.get("body").getAsString().contains("\"error\""));
            JsonArray remaining = client.step("deleted", STEP).getAsJsonArray("files");
            assertFalse(remaining.toString(), remaining.toString().contains(name));
            JsonObject end = client.step("done", STEP);
            assertFalse("every pushed message is a JSON object: " + end,
                    end.getAsJsonObject("other").has("notAnObject"));
            assertTrue(client.exited(10_000));
            assertEquals(client.transcript(), 0, client.exitValue());
        }
    }

    // ---- the farm manager ----

    @Test
    public void fdmMonsterFarm() throws Exception {
        String name = "cube-farm.gcode";
        int marks = recorded().size();
        int logged = transitions().size();
        slow();
        Path home = Files.createDirectories(work.resolve("fdm-monster"));
        Map<String, String> env = new HashMap<>();
        env.put("FDMM_HOME", home.toString());
        env.put("SERVER_PORT", "0");
        env.put("NODE_ENV", "production");
        env.put("ENABLE_EXPERIMENTAL_TYPEORM", "true"); // SQLite, in FDMM_HOME/database; no MongoDB
        env.put("SENTRY_CUSTOM_DSN", "http://none@127.0.0.1:9/0"); // its crash reports go nowhere
        env.put("DEBUG_SOCKET_STATES", "true"); // logs every message it receives on the printer's socket
        long started = System.nanoTime();
        try (NodeProcess fdmm = NodeProcess.start("fdm-monster", work, env, "fdm-monster.cjs")) {
            int port = fdmm.awaitJson("FDM Monster's port", 0, "listening", 90_000).get("listening").getAsInt();
            System.out.printf(Locale.ROOT, "FDM Monster listening after %d ms%n",
                    (System.nanoTime() - started) / 1_000_000);
            try (NodeProcess farm = NodeProcess.start("fdm-monster-run", work, Map.of("FDMM",
                    "http://127.0.0.1:" + port, "OCTOPRINT", octoprint, "API_KEY", apiKey, "GCODE", gcode.toString(),
                    "NAME", name, "LIMIT_MS", "150000"), "fdm-monster-run.mjs")) {
                farm.step("setup", STEP);
                JsonObject printer = farm.step("printer", STEP);
                assertTrue(printer.toString(), printer.getAsJsonObject("connected").has("version"));
                assertEquals("responding", printer.get("apiState").getAsString());
                assertEquals("Operational", printer.getAsJsonObject("current").get("state").getAsString());
                assertEquals(name, farm.step("uploaded", STEP).getAsJsonObject("file").get("path").getAsString());
                assertStoredAsUploaded(name);

                JsonObject printing = farm.step("printing", STEP);
                JsonArray pushed = socketOnly(printing.getAsJsonArray("seen"));
                assertRising(pushed, "completion");
                assertCurrentShape(pushed);
                long job = transition(logged, null, "processing").jobId();
                assertEquals(name, octoprintJob().getAsJsonObject("job").getAsJsonObject("file").get("name")
                        .getAsString());
                farm.send("next");

                pauseResumeCancel(farm, job, logged, marks);
                farm.send("next");

                JsonObject done = farm.step("done", STEP);
                assertFalse(done.toString(), done.getAsJsonArray("remaining").toString().contains(name));
                assertFalse("deleted at Printhub", octoprintFiles().contains(name));
                assertTrue(farm.exited(10_000));
                assertEquals(farm.transcript(), 0, farm.exitValue());
            }
            // FDM Monster's own log: the messages it received on the printer's socket, their types
            String log = fdmmLog(home);
            assertTrue("FDM Monster received 'current' over the socket:\n" + tail(log), log.contains("RX Msg current"));
            assertTrue("FDM Monster received 'connected' over the socket", log.contains("RX Msg connected"));
        } finally {
            assertNoProcessLeft(home);
        }
    }

    /**
     * The client's paused, resumed and cancelled checkpoints, each checked at Printhub and the printer; the client
     * is left waiting at its cancelled checkpoint.
     *
     * @return the client's paused step, for what it saw
     */
    private static JsonObject pauseResumeCancel(NodeProcess client, long job, int logged, int marks)
            throws IOException, InterruptedException {
        JsonObject paused = client.step("paused", STEP);
        int movesPaused = assertPaused(job, logged, marks);
        client.send("next");
        client.step("resumed", STEP);
        assertResumed(job, logged, marks, movesPaused);
        client.send("next");
        client.step("cancelled", STEP);
        assertCancelled(job, logged, marks);
        return paused;
    }

    /**
     * Paused: the core suspended the job; no more of the file's moves reach the printer while it is paused.
     *
     * @return the moves the printer had when it paused
     */
    private static int assertPaused(long job, int logged, int marks) throws InterruptedException {
        assertEquals(job, transition(logged, "processing", "processing-stopped").jobId());
        int movesPaused = movesAt(marks).size();
        Thread.sleep(1_000);
        assertEquals("moves sent while paused", movesPaused, movesAt(marks).size());
        assertTrue("paused before the end: " + movesPaused, movesPaused < moves.size());
        return movesPaused;
    }

    /** Resumed: the core prints the job again, and the file's moves reach the printer again. */
    private static void assertResumed(long job, int logged, int marks, int movesPaused) throws InterruptedException {
        assertEquals(job, transition(logged, "processing-stopped", "processing").jobId());
        Await.until("moves after the resume", 20_000, () -> movesAt(marks).size() > movesPaused);
    }

    /** Cancelled: the core cancelled the job; the printer got a part of the file from its start, each move once. */
    private static void assertCancelled(long job, int logged, int marks) throws InterruptedException {
        assertEquals(job, transition(logged, null, "canceled").jobId());
        List<String> cancelledMoves = movesAt(marks);
        assertPrefixOfMoves(cancelledMoves);
        assertTrue("cancelled before the end: " + cancelledMoves.size(), cancelledMoves.size() < moves.size());
    }

    /** Each test starts with a print slow enough to pause, resume and cancel in. */
    private static void slow() throws IOException {
        marlin.send("delay " + SLOW_MS);
    }

    // ---- a printer that goes away ----

    /**
     * The printer closes its link a few seconds into a print (a USB cable pulled, a firmware reset): the job stops
     * with a reason and does not start over by itself, because a 3D printer would print the part again from its first
     * layer on top of what is already on the bed; the client sees no "Printing" from then on.
     */
    @Test
    public void printerThatGoesAwayMidPrintIsNotPrintedAgainByItself() throws Exception {
        String name = "cube-dropped.gcode";
        int marks = recorded().size();
        int logged = transitions().size();
        slow();
        try {
            HttpResponse<String> upload = uploadAndPrint(name);
            assertEquals(upload.body(), 201, upload.statusCode());
            long job = transition(logged, null, "processing").jobId();
            Await.until("30 moves at the printer", 30_000, () -> movesAt(marks).size() >= 30);
            marlin.send("drop");
            // the G-code driver aborts a job the printer already has moves of (it would print over the part)
            Transition stopped = transition(logged, "processing", "aborted");
            assertEquals(job, stopped.jobId());
            long end = System.currentTimeMillis() + 8_000;
            while (System.currentTimeMillis() < end) {
                String state = octoprintJob().get("state").getAsString();
                assertFalse("printing again after the printer went away", state.equals("Printing"));
                Thread.sleep(250);
            }
            List<String> got = movesAt(marks);
            assertEquals("the file's first move reached the printer once: " + got.size() + " moves", 1,
                    got.stream().filter(moves.get(0)::equals).count());
        } finally { // leave the printer idle for the other tests, whatever happened
            post("/api/job", "{\"command\":\"cancel\"}");
            Await.until("the printer idle again", 30_000, () -> {
                try {
                    return "Operational".equals(octoprintJob().get("state").getAsString());
                } catch (IOException | InterruptedException e) {
                    return false;
                }
            });
            HTTP.send(HttpRequest.newBuilder(URI.create(octoprint + "/api/files/local/" + name)).DELETE()
                    .header("X-Api-Key", apiKey).build(), HttpResponse.BodyHandlers.discarding());
        }
    }

    /** The upload PrusaSlicer makes: multipart with the file and print=true. */
    private static HttpResponse<String> uploadAndPrint(String name) throws IOException, InterruptedException {
        String boundary = "printhub-it-" + System.nanoTime();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"print\"\r\n\r\ntrue\r\n--"
                + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        return HTTP.send(HttpRequest.newBuilder(URI.create(octoprint + "/api/files/local"))
                .header("X-Api-Key", apiKey).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArrays(List.of(head, Files.readAllBytes(gcode), tail)))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(octoprint + path)).header("X-Api-Key", apiKey)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    // ---- what Printhub did ----

    record Transition(long jobId, String from, String to) {
    }

    private static List<Transition> transitions() {
        List<Transition> all = new ArrayList<>();
        for (String l : List.copyOf(printhub.lines())) {
            Matcher m = TRANSITION.matcher(l);
            if (m.find()) {
                all.add(new Transition(Long.parseLong(m.group(1)), m.group(2), m.group(3)));
            }
        }
        return all;
    }

    /**
     * Waits for the first transition of the simulator's printer into {@code to} (from {@code from}, if given) among
     * the transitions logged after the first {@code after} (the count a test took when it started).
     */
    private static Transition transition(int after, String from, String to) throws InterruptedException {
        return Await.until("a transition " + (from == null ? "" : "from " + from + " ") + "to " + to
                + " on marlin", 20_000, () -> {
                    List<Transition> all = transitions();
                    for (int i = after; i < all.size(); i++) {
                        Transition t = all.get(i);
                        if (t.to().equals(to) && (from == null || t.from().equals(from))) {
                            return t;
                        }
                    }
                    return null;
                });
    }

    private static JsonObject octoprintJob() throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(octoprint + "/api/job"))
                .header("X-Api-Key", apiKey).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(r.body(), 200, r.statusCode());
        return JsonParser.parseString(r.body()).getAsJsonObject();
    }

    /** The file as Printhub keeps it, downloaded as OctoPrint serves it, is the file the client uploaded. */
    private static void assertStoredAsUploaded(String name) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(octoprint + "/downloads/files/local/"
                + name)).header("X-Api-Key", apiKey).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode());
        assertTrue("the stored file is the uploaded one", Arrays.equals(Files.readAllBytes(gcode), r.body()));
    }

    private static String octoprintFiles() throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(octoprint + "/api/files/local"))
                .header("X-Api-Key", apiKey).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(r.body(), 200, r.statusCode());
        return r.body();
    }

    // ---- what the printer received ----

    private static List<String> recorded() {
        try {
            return Files.exists(record) ? Files.readAllLines(record) : List.of();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> movesAt(int from) {
        List<String> all = recorded();
        return all.subList(Math.min(from, all.size()), all.size()).stream().filter(OctoPrintClientsIT::isMove).toList();
    }

    /**
     * The file's extruding moves: each is unique (its coordinates and extrusion), so a move sent twice or lost shows;
     * the driver's own scripts (park, resume, cancel) move differently.
     */
    private static boolean isMove(String line) {
        return MOVE.matcher(line).matches();
    }

    private static void assertPrefixOfMoves(List<String> got) {
        assertFalse("no moves reached the printer", got.isEmpty());
        assertTrue("more moves than the file has: " + got.size(), got.size() <= moves.size());
        for (int i = 0; i < got.size(); i++) {
            assertEquals("move " + (i + 1) + " at the printer", moves.get(i), got.get(i));
        }
    }

    /**
     * The file's lines without comments reached the printer in order, each once; lines the driver adds on its own
     * (temperature polls, line-number resets, its pause and end scripts) may come between them.
     */
    private static void assertWholeFile(List<String> got) {
        assertEquals("moves at the printer", moves, got.stream().filter(OctoPrintClientsIT::isMove).toList());
        int i = 0;
        for (String line : got) {
            if (i < jobLines.size() && line.equals(jobLines.get(i))) {
                i++;
            }
        }
        assertEquals("the file's lines in order at the printer (first missing: "
                + (i < jobLines.size() ? jobLines.get(i) : "-") + ")", jobLines.size(), i);
    }

    static List<String> withoutComments(List<String> lines) {
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            int semi = l.indexOf(';');
            String code = (semi >= 0 ? l.substring(0, semi) : l).trim();
            if (!code.isEmpty()) {
                out.add(code);
            }
        }
        return out;
    }

    /** A small sliced-looking part: start code, 12 layers of unique moves with comments, end code. */
    static Path writeGcode(Path file) throws IOException {
        StringBuilder g = new StringBuilder();
        g.append("; generated by OctoPrintClientsIT\n;FLAVOR:Marlin\n;Layer height: 0.2\n\n");
        g.append("M140 S35 ; bed\nM104 S45 ; hotend\nM190 S35\nM109 S45\nG28 ; home all axes\nG90\nM82\nG92 E0\n");
        double e = 0;
        for (int layer = 0; layer < 12; layer++) {
            g.append(";LAYER:").append(layer).append('\n');
            g.append(String.format(Locale.ROOT, "G0 F6000 Z%.2f\n", 0.2 * (layer + 1)));
            for (int i = 0; i < 50; i++) {
                e += 0.0421;
                double a = i * Math.PI / 25;
                g.append(String.format(Locale.ROOT, "G1 F1800 X%.3f Y%.3f E%.5f%s\n", 100 + 20 * Math.cos(a),
                        100 + 20 * Math.sin(a), e, i % 10 == 0 ? " ; perimeter" : ""));
            }
            g.append("\n");
        }
        g.append("M104 S0\nM140 S0\nG91\nG1 Z5\nG90\nG28 X\nM84 ; motors off\n;End of Gcode\n");
        Files.writeString(file, g.toString(), StandardCharsets.US_ASCII);
        return file;
    }

    // ---- helpers ----

    /** The field rises (never falls) across the pushed 'Printing' messages, within a percentage. */
    private static void assertRising(JsonArray seen, String field) {
        List<Double> values = new ArrayList<>();
        for (JsonElement e : seen) {
            JsonElement v = e.getAsJsonObject().get(field);
            // before the print: the state of the file selected before, e.g. Operational at 100 %
            if (v != null && !v.isJsonNull() && "Printing".equals(e.getAsJsonObject().get("state").getAsString())) {
                values.add(v.getAsDouble());
            }
        }
        assertTrue("progress values pushed: " + values, values.size() >= 2);
        for (int i = 1; i < values.size(); i++) {
            assertTrue("progress never goes back: " + values, values.get(i) >= values.get(i - 1));
        }
        assertTrue("progress rose: " + values, values.get(values.size() - 1) > values.get(0));
        assertTrue("a percentage: " + values, values.get(values.size() - 1) <= 100.0);
    }

    /** Each pushed 'current' carries OctoPrint's fields. */
    private static void assertCurrentShape(JsonArray seen) {
        assertTrue("pushed messages", seen.size() > 0);
        for (JsonElement e : seen) {
            JsonObject o = e.getAsJsonObject();
            JsonArray keys = o.getAsJsonArray("keys");
            for (String field : CURRENT_FIELDS) {
                assertTrue("'current' has " + field + ": " + o, keys.contains(new JsonPrimitive(field)));
            }
        }
    }

    /** In each pushed 'current' with that state text, exactly these of the main flags are set. */
    private static void assertFlags(JsonArray seen, String state, String... set) {
        List<String> on = List.of(set);
        int checked = 0;
        for (JsonElement e : seen) {
            JsonObject o = e.getAsJsonObject();
            if (!state.equals(o.get("state").getAsString())) {
                continue;
            }
            JsonObject flags = o.getAsJsonObject("flags");
            for (String flag : List.of("operational", "printing", "paused", "ready", "error", "closedOrError")) {
                assertEquals(flag + " in " + o, on.contains(flag), flags.get(flag).getAsBoolean());
            }
            checked++;
        }
        assertTrue("pushed '" + state + "' messages: " + seen, checked > 0);
    }

    private static JsonArray socketOnly(JsonArray seen) {
        JsonArray out = new JsonArray();
        for (JsonElement e : seen) {
            if ("socket".equals(e.getAsJsonObject().get("source").getAsString())) {
                out.add(e);
            }
        }
        return out;
    }

    private static String fdmmLog(Path home) throws IOException {
        Path logs = home.resolve("media/logs");
        StringBuilder b = new StringBuilder();
        if (Files.isDirectory(logs)) {
            try (var files = Files.list(logs)) {
                for (Path f : files.sorted().toList()) {
                    b.append(Files.readString(f));
                }
            }
        }
        return b.toString();
    }

    private static String tail(String s) {
        return s.length() > 8_000 ? s.substring(s.length() - 8_000) : s;
    }

    /**
     * FDM Monster and everything it started are gone once the test is over: no process on the machine has its home
     * in its environment (children inherit it).
     */
    private static void assertNoProcessLeft(Path home) throws InterruptedException {
        byte[] mark = ("FDMM_HOME=" + home + "\0").getBytes(StandardCharsets.UTF_8);
        Await.until("no process of FDM Monster's left", 20_000, () -> ProcessHandle.allProcesses().noneMatch(p -> {
            try {
                byte[] env = Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "environ"));
                return indexOf(env, mark) >= 0;
            } catch (IOException | RuntimeException e) {
                return false; // gone, or not ours to read
            }
        }));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
