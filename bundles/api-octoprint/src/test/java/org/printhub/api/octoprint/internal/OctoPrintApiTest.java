package org.printhub.api.octoprint.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.printhub.job.Job;
import org.printhub.job.JobState;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** The REST API over real HTTP on loopback, with the real job service and H2 store behind it. */
@Timeout(120)
class OctoPrintApiTest {
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

    static byte[] gcode(int lines) {
        StringBuilder b = new StringBuilder("G28\n");
        for (int i = 0; i < lines; i++) {
            b.append("G1 X").append(i % 200).append(" Y").append(i % 150).append(" E0.05\n");
        }
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    static JsonObject json(HttpResponse<String> r) {
        return JsonParser.parseString(r.body()).getAsJsonObject();
    }

    @Test
    void keysByHeaderBearerOrParameterAndAnonymousIs403() throws Exception {
        assertEquals(200, octo.get("/api/version").statusCode());
        JsonObject v = json(octo.get("/api/version"));
        assertEquals("0.1", v.get("api").getAsString());
        assertTrue(v.get("text").getAsString().startsWith("OctoPrint"));
        HttpResponse<String> anonymous = octo.send(HttpRequest.newBuilder(octo.base.resolve("/api/version")).build());
        assertEquals(403, anonymous.statusCode());
        assertTrue(json(anonymous).has("error"));
        HttpResponse<String> bad = octo.send(HttpRequest.newBuilder(octo.base.resolve("/api/job"))
                .header("X-Api-Key", "not-a-key-at-all-0123456789").build());
        assertEquals(403, bad.statusCode());
        HttpResponse<String> bearer = octo.send(HttpRequest.newBuilder(octo.base.resolve("/api/server"))
                .header("Authorization", "Bearer " + octo.key).build());
        assertEquals(200, bearer.statusCode());
        assertEquals(false, json(bearer).get("safemode").getAsBoolean());
        HttpResponse<String> param = octo.send(HttpRequest.newBuilder(octo.base.resolve("/api/job?apikey="
                + octo.key)).build());
        assertEquals(200, param.statusCode());
    }

    @Test
    void jobIs200WithNullsWhenNothingIsSelected() throws Exception {
        JsonObject job = octo.job();
        assertEquals("Operational", job.get("state").getAsString());
        assertTrue(job.getAsJsonObject("job").getAsJsonObject("file").get("name").isJsonNull());
        assertTrue(job.getAsJsonObject("progress").get("completion").isJsonNull());
        HttpResponse<String> start = octo.post("/api/job", "{\"command\":\"start\"}");
        assertEquals(409, start.statusCode());
    }

    @Test
    void uploadListsSelectsAndPrintsAFile() throws Exception {
        byte[] content = gcode(3000);
        HttpResponse<String> r = octo.upload("/api/files/local", Map.of("path", "parts/a", "select", "true"),
                "whistle.gcode", content);
        assertEquals(201, r.statusCode(), r.body());
        assertEquals(octo.base + "/api/files/local/parts/a/whistle.gcode", r.headers().firstValue("Location").get());
        JsonObject body = json(r);
        assertTrue(body.get("done").getAsBoolean());
        assertTrue(body.get("effectiveSelect").getAsBoolean());
        assertFalse(body.get("effectivePrint").getAsBoolean());
        assertEquals("parts/a/whistle.gcode",
                body.getAsJsonObject("files").getAsJsonObject("local").get("path").getAsString());

        JsonArray top = json(octo.get("/api/files?recursive=true")).getAsJsonArray("files");
        assertEquals("folder", top.get(0).getAsJsonObject().get("type").getAsString());
        JsonObject file = top.get(0).getAsJsonObject().getAsJsonArray("children").get(0).getAsJsonObject()
                .getAsJsonArray("children").get(0).getAsJsonObject();
        assertEquals("whistle.gcode", file.get("name").getAsString());
        assertEquals(content.length, file.get("size").getAsLong());

        HttpResponse<String> info = octo.get("/api/files/local/parts/a/whistle.gcode");
        assertEquals(200, info.statusCode());
        HttpResponse<byte[]> download = octo.http.send(octo.request("/downloads/files/local/parts/a/whistle.gcode")
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertArrayEquals(content, download.body());

        JsonObject job = octo.job();
        assertEquals("parts/a/whistle.gcode", job.getAsJsonObject("job").getAsJsonObject("file").get("path")
                .getAsString());
        assertEquals(content.length, job.getAsJsonObject("job").getAsJsonObject("file").get("size").getAsLong());
        assertEquals("Operational", job.get("state").getAsString());

        octo.printer.delayPerChunkMillis.set(2);
        assertEquals(204, octo.post("/api/job", "{\"command\":\"start\"}").statusCode());
        awaitCompleted("parts/a/whistle.gcode");
        assertEquals(content.length, octo.printer.bytesPrinted.get());
        JsonObject done = octo.job();
        assertEquals("Operational", done.get("state").getAsString());
        assertEquals(100.0, done.getAsJsonObject("progress").get("completion").getAsDouble());
        // the file stays selected, and start prints it again
        assertEquals(204, octo.post("/api/job", "{\"command\":\"start\"}").statusCode());
        long end = System.nanoTime() + 10_000_000_000L;
        while (octo.printer.bytesPrinted.get() < 2L * content.length && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        assertEquals(2L * content.length, octo.printer.bytesPrinted.get());
    }

    private void awaitCompleted(String path) throws Exception {
        long end = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < end) {
            Job j = octo.files.file(path).orElseThrow();
            if (j.state() == JobState.COMPLETED) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError(path + " did not complete");
    }

    @Test
    void jobCommandsFollowOctoPrintsChecksAndStates() throws Exception {
        octo.printer.delayPerChunkMillis.set(50);
        assertEquals(201, octo.upload("/api/files/local", Map.of("print", "true"), "long.gcode", gcode(20000))
                .statusCode());
        octo.awaitState("Printing");
        assertEquals(409, octo.post("/api/job", "{\"command\":\"start\"}").statusCode());
        assertEquals("Printer already has an active print job, did you mean 'restart'?",
                json(octo.post("/api/job", "{\"command\":\"start\"}")).get("error").getAsString());
        assertEquals(409, octo.post("/api/job", "{\"command\":\"restart\"}").statusCode());
        assertEquals(400, octo.post("/api/job", "{\"command\":\"pause\",\"action\":\"sideways\"}").statusCode());
        assertEquals("Unknown action", json(octo.post("/api/job", "{\"command\":\"pause\",\"action\":\"x\"}"))
                .get("error").getAsString());
        assertEquals(400, octo.post("/api/job", "{\"command\":\"fly\"}").statusCode());
        assertEquals(400, octo.post("/api/job", "{not json").statusCode());
        // selecting another file while printing is refused
        assertEquals(201, octo.upload("/api/files/local", Map.of("select", "true"), "other.gcode", gcode(10))
                .statusCode());
        assertEquals("long.gcode", octo.job().getAsJsonObject("job").getAsJsonObject("file").get("name")
                .getAsString());
        assertEquals(409, octo.post("/api/files/local/other.gcode", "{\"command\":\"select\"}").statusCode());
        assertEquals(409, octo.send(octo.request("/api/files/local/long.gcode").DELETE().build()).statusCode());

        assertEquals(204, octo.post("/api/job", "{\"command\":\"pause\",\"action\":\"pause\"}").statusCode());
        octo.awaitState("Paused");
        long before = octo.printer.bytesPrinted.get();
        Thread.sleep(300);
        assertTrue(octo.printer.bytesPrinted.get() - before <= 2048, "a paused printer stops at its checkpoint");
        assertEquals(204, octo.post("/api/job", "{\"command\":\"pause\",\"action\":\"pause\"}").statusCode());
        assertEquals("Paused", octo.state());
        assertEquals(204, octo.post("/api/job", "{\"command\":\"pause\"}").statusCode());
        octo.awaitState("Printing");
        assertEquals(204, octo.post("/api/job", "{\"command\":\"pause\",\"action\":\"toggle\"}").statusCode());
        octo.awaitState("Paused");
        assertEquals(204, octo.post("/api/job", "{\"command\":\"restart\"}").statusCode());
        octo.awaitState("Printing");
        assertEquals(204, octo.post("/api/job", "{\"command\":\"cancel\"}").statusCode());
        octo.awaitState("Operational");
        assertEquals(409, octo.post("/api/job", "{\"command\":\"cancel\"}").statusCode());
        assertEquals("Printer is neither printing nor paused, 'cancel' command cannot be performed",
                json(octo.post("/api/job", "{\"command\":\"cancel\"}")).get("error").getAsString());
        assertEquals(409, octo.post("/api/job", "{\"command\":\"pause\"}").statusCode());
        assertEquals("long.gcode", octo.job().getAsJsonObject("job").getAsJsonObject("file").get("name")
                .getAsString(), "the file stays selected after a cancel");
        assertEquals(204, octo.post("/api/files/local/other.gcode", "{\"command\":\"select\"}").statusCode());
        assertEquals(204, octo.post("/api/files/local/other.gcode", "{\"command\":\"unselect\"}").statusCode());
        assertEquals(409, octo.post("/api/files/local/other.gcode", "{\"command\":\"unselect\"}").statusCode());
    }

    @Test
    void aPrinterWithoutItsDriverIsOfflineAndRefusesCommandsBeforeReadingThem() throws Exception {
        octo.core.removeDevice(octo.printer);
        octo.awaitState("Offline");
        HttpResponse<String> printer = octo.get("/api/printer");
        assertEquals(409, printer.statusCode());
        assertEquals("Printer is not operational", json(printer).get("error").getAsString());
        // not operational is checked before the body: even an invalid command gets 409
        HttpResponse<String> r = octo.post("/api/job", "{\"command\":\"fly\"}");
        assertEquals(409, r.statusCode());
        assertEquals("Printer is not operational", json(r).get("error").getAsString());
        octo.core.addDevice(octo.printer);
        // the surface learns of the driver from the core's device event
        octo.awaitState("Operational");
        assertEquals(200, octo.get("/api/printer").statusCode());
        // disconnect pauses the device: Offline until connect
        assertEquals(204, octo.post("/api/connection", "{\"command\":\"disconnect\"}").statusCode());
        assertEquals("Offline", json(octo.get("/api/connection")).getAsJsonObject("current").get("state")
                .getAsString());
        assertEquals(400, octo.post("/api/connection", "{\"command\":\"connect\",\"port\":\"/dev/nope\"}")
                .statusCode());
        assertEquals(204, octo.post("/api/connection", "{\"command\":\"connect\"}").statusCode());
        assertEquals("Operational", octo.state());
    }

    @Test
    void badUploadsGetOctoPrintsAnswersAndTheServerKeepsServing() throws Exception {
        HttpResponse<String> notMultipart = octo.send(octo.request("/api/files/local").header("Content-Type",
                "application/octet-stream").POST(HttpRequest.BodyPublishers.ofByteArray(gcode(10))).build());
        assertEquals(400, notMultipart.statusCode());
        assertEquals("No file to upload and no folder to create", json(notMultipart).get("error").getAsString());
        assertEquals(400, octo.upload("/api/files/local", Map.of("select", "true"), null, (byte[]) null).statusCode());
        assertEquals(400, octo.upload("/api/files/local", Map.of(), "../escape.gcode", gcode(10)).statusCode());
        assertEquals(400, octo.upload("/api/files/local", Map.of("path", "../.."), "a.gcode", gcode(10))
                .statusCode());
        assertEquals(400, octo.upload("/api/files/local", Map.of("path", "/etc"), "a.gcode", gcode(10))
                .statusCode());
        assertEquals(415, octo.upload("/api/files/local", Map.of(), "a.exe", gcode(10)).statusCode());
        assertEquals(404, octo.upload("/api/files/usb", Map.of(), "a.gcode", gcode(10)).statusCode());
        assertEquals(404, octo.upload("/api/files/sdcard", Map.of(), "a.gcode", gcode(10)).statusCode());
        Map<String, String> userdata = new LinkedHashMap<>();
        userdata.put("userdata", "{broken");
        assertEquals(400, octo.upload("/api/files/local", userdata, "a.gcode", gcode(10)).statusCode());

        // The server answers 413 and closes the connection rather than read 17 MiB it refuses; a client still
        // sending may then see the connection reset before it reads the answer (as with OctoPrint itself).
        try {
            HttpResponse<String> big = octo.upload("/api/files/local", Map.of(), "big.gcode",
                    () -> OctoServer.generated(17L << 20), 17L << 20);
            assertEquals(413, big.statusCode());
            assertTrue(json(big).has("error"));
        } catch (java.io.IOException resetWhileSending) {
            // refused all the same: the next assertions show nothing was kept and the server keeps serving
        }

        assertEquals(201, octo.upload("/api/files/local", Map.of(), "a.gcode", gcode(10)).statusCode());
        assertEquals(201, octo.upload("/api/files/local", Map.of(), "a.gcode", gcode(20)).statusCode(),
                "an upload replaces a file of the same name");
        HttpResponse<String> dup = octo.upload("/api/files/local", Map.of("noOverwrite", "true"), "a.gcode",
                gcode(10));
        assertEquals(409, dup.statusCode());
        assertEquals("File already exists and noOverwrite was set", json(dup).get("error").getAsString());
        // only the one good file exists: nothing refused was kept, in the list or in the core
        JsonArray files = json(octo.get("/api/files")).getAsJsonArray("files");
        assertEquals(1, files.size());
        assertEquals(gcode(20).length, files.get(0).getAsJsonObject().get("size").getAsLong());
        assertEquals(1, octo.core.jobs.query(org.printhub.job.JobQuery.all()).jobs().size());
        assertEquals(200, octo.get("/api/version").statusCode());
    }

    @Test
    void foldersMoveCopyAndDelete() throws Exception {
        assertEquals(201, octo.upload("/api/files/local", Map.of("foldername", "jigs"), null, (byte[]) null).statusCode());
        assertEquals(409, octo.upload("/api/files/local", Map.of("foldername", "jigs"), null, (byte[]) null).statusCode());
        assertEquals(201, octo.upload("/api/files/local", Map.of("path", "jigs"), "clip.gcode", gcode(50))
                .statusCode());
        HttpResponse<String> copy = octo.post("/api/files/local/jigs/clip.gcode",
                "{\"command\":\"copy\",\"destination\":\"clip2.gcode\"}");
        assertEquals(201, copy.statusCode(), copy.body());
        HttpResponse<String> move = octo.post("/api/files/local/clip2.gcode",
                "{\"command\":\"move\",\"destination\":\"jigs\"}");
        assertEquals(201, move.statusCode(), move.body());
        assertEquals("jigs/clip2.gcode", json(move).get("path").getAsString());
        assertEquals(409, octo.post("/api/files/local/jigs/clip2.gcode",
                "{\"command\":\"copy\",\"destination\":\"jigs/clip.gcode\"}").statusCode());
        assertEquals(404, octo.post("/api/files/local/jigs/clip2.gcode",
                "{\"command\":\"move\",\"destination\":\"nowhere/x.gcode\"}").statusCode());
        assertEquals(404, octo.post("/api/files/local/nothing.gcode", "{\"command\":\"select\"}").statusCode());
        assertEquals(2, json(octo.get("/api/files/local/jigs")).getAsJsonArray("children").size());
        assertEquals(204, octo.send(octo.request("/api/files/local/jigs").DELETE().build()).statusCode());
        assertEquals(0, json(octo.get("/api/files?recursive=true")).getAsJsonArray("files").size());
        assertEquals(404, octo.send(octo.request("/api/files/local/jigs").DELETE().build()).statusCode());
    }

    @Test
    void applicationKeysAreDecidedInTheShell() throws Exception {
        HttpResponse<String> probe = octo.send(HttpRequest.newBuilder(octo.base.resolve("/plugin/appkeys/probe"))
                .build());
        assertEquals(204, probe.statusCode());
        HttpResponse<String> request = octo.send(HttpRequest.newBuilder(octo.base.resolve("/plugin/appkeys/request"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"app\":\"Slicer\",\"user\":\"alice\"}")).build());
        assertEquals(201, request.statusCode());
        String token = json(request).get("app_token").getAsString();
        assertTrue(request.headers().firstValue("Location").get().endsWith("/plugin/appkeys/request/" + token));
        HttpRequest poll = HttpRequest.newBuilder(octo.base.resolve("/plugin/appkeys/request/" + token)).build();
        assertEquals(202, octo.send(poll).statusCode());
        OctoPrintCommands shell = new OctoPrintCommands(octo.accounts);
        assertEquals(1, shell.requests().size());
        shell.allow(token);
        HttpResponse<String> granted = octo.send(poll);
        assertEquals(200, granted.statusCode());
        String key = json(granted).get("api_key").getAsString();
        assertEquals(404, octo.send(poll).statusCode(), "a key is handed out once");
        assertEquals(200, octo.send(HttpRequest.newBuilder(octo.base.resolve("/api/job")).header("X-Api-Key", key)
                .build()).statusCode());

        String denied = json(octo.send(HttpRequest.newBuilder(octo.base.resolve("/plugin/appkeys/request"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"app\":\"Other\"}")).build())).get("app_token")
                .getAsString();
        shell.deny(denied);
        assertEquals(404, octo.send(HttpRequest.newBuilder(octo.base.resolve("/plugin/appkeys/request/" + denied))
                .build()).statusCode());
        assertFalse(java.nio.file.Files.readString(dir.resolve("keys.json")).contains(key),
                "keys are stored as hashes");
    }

    @Test
    void loginWithPasswordOrKeyGivesASession() throws Exception {
        HttpResponse<String> passive = octo.post("/api/login", "{\"passive\":true}");
        assertEquals(200, passive.statusCode());
        assertEquals("alice", json(passive).get("name").getAsString());
        assertFalse(json(passive).get("session").getAsString().isEmpty());
        HttpResponse<String> wrong = octo.send(HttpRequest.newBuilder(octo.base.resolve("/api/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"alice\",\"pass\":\"wrong\"}")).build());
        assertEquals(403, wrong.statusCode());
        HttpResponse<String> right = octo.send(HttpRequest.newBuilder(octo.base.resolve("/api/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"alice\",\"pass\":\"correct horse\"}")).build());
        assertEquals(200, right.statusCode());
        assertEquals("alice", json(octo.get("/api/currentuser")).get("name").getAsString());
        assertTrue(json(octo.send(HttpRequest.newBuilder(octo.base.resolve("/api/currentuser")).build()))
                .get("name").isJsonNull());
        assertTrue(json(octo.get("/api/printerprofiles")).getAsJsonObject("profiles").has("_default"));
        assertTrue(json(octo.get("/api/settings")).has("feature"));
    }

    @Test
    void aPrintInterruptedByAStopComesBackSelectedAndOperational() throws Exception {
        octo.printer.delayPerChunkMillis.set(50);
        assertEquals(201, octo.upload("/api/files/local", Map.of("print", "true"), "long.gcode", gcode(20000))
                .statusCode());
        octo.awaitState("Printing");
        octo.close();
        octo = new OctoServer(dir, OctoServer.defaults());
        JsonObject job = octo.job();
        assertEquals("Operational", job.get("state").getAsString());
        assertEquals("long.gcode", job.getAsJsonObject("job").getAsJsonObject("file").get("name").getAsString());
        long printed = octo.printer.bytesPrinted.get();
        Thread.sleep(300);
        assertEquals(printed, octo.printer.bytesPrinted.get(), "it does not print again by itself");
        assertEquals(204, octo.post("/api/job", "{\"command\":\"start\"}").statusCode());
        octo.awaitState("Printing");
    }

    @Test
    void underAPathPrefixOnASharedPort() throws Exception {
        octo.close();
        Map<String, Object> config = new LinkedHashMap<>(OctoServer.defaults());
        config.put("pathPrefix", "/octoprint/mk3/");
        octo = new OctoServer(dir.resolve("prefixed"), config);
        assertEquals(404, octo.get("/api/version").statusCode());
        assertEquals(200, octo.get("/octoprint/mk3/api/version").statusCode());
        HttpResponse<String> r = octo.upload("/octoprint/mk3/api/files/local", Map.of(), "p.gcode", gcode(5));
        assertEquals(201, r.statusCode());
        assertEquals(octo.base + "/octoprint/mk3/api/files/local/p.gcode", r.headers().firstValue("Location").get());
        assertEquals(200, octo.get("/octoprint/mk3/downloads/files/local/p.gcode").statusCode());
        assertEquals(200, octo.get("/octoprint/mk3/sockjs/info").statusCode());
    }

    @Test
    void aPrintStoppedByADeviceErrorFailsAndIsNotPrintedAgainByItself() throws Exception {
        octo.printer.delayPerChunkMillis.set(5);
        octo.printer.dropLinkAfterBytes.set(8 * 1024);
        assertEquals(201, octo.upload("/api/files/local", Map.of("print", "true"), "part.gcode", gcode(5000))
                .statusCode());
        octo.awaitState("Offline after error");
        JsonObject job = octo.job();
        assertEquals("the printer closed the link", job.get("error").getAsString());
        assertEquals("part.gcode", job.getAsJsonObject("job").getAsJsonObject("file").get("name").getAsString());
        long printed = octo.printer.bytesPrinted.get();
        Thread.sleep(1500); // longer than the core's first retry delay
        assertEquals(printed, octo.printer.bytesPrinted.get(), "the core did not retry the print");
        assertEquals(JobState.CANCELED, octo.files.file("part.gcode").orElseThrow().state());
        JsonObject flags = json(octo.send(octo.request("/api/connection").build())).getAsJsonObject("current");
        assertEquals("Offline after error", flags.get("state").getAsString());
        assertEquals(409, octo.post("/api/job", "{\"command\":\"start\"}").statusCode());
        assertEquals(204, octo.post("/api/connection", "{\"command\":\"connect\"}").statusCode());
        assertEquals("Operational", octo.state());
        assertEquals(204, octo.post("/api/job", "{\"command\":\"start\"}").statusCode());
        octo.awaitState("Printing");
    }

    @Test
    void anIdleLinkErrorIsOfflineAfterErrorUntilTheLinkIsBack() throws Exception {
        octo.core.events.postEvent(new org.osgi.service.event.Event(org.printhub.device.DeviceReadings.CONNECTION,
                Map.of(org.printhub.device.DeviceReadings.DEVICE_ID, TestPrinter.ID,
                        org.printhub.device.DeviceReadings.CONNECTION_STATE, "error",
                        org.printhub.device.DeviceReadings.MESSAGE, "no answer from the printer")));
        octo.awaitState("Offline after error");
        JsonObject state = json(octo.send(octo.request("/api/connection").build()));
        assertEquals("Offline after error", state.getAsJsonObject("current").get("state").getAsString());
        assertEquals(409, octo.get("/api/printer").statusCode());
        octo.core.events.postEvent(new org.osgi.service.event.Event(org.printhub.device.DeviceReadings.CONNECTION,
                Map.of(org.printhub.device.DeviceReadings.DEVICE_ID, TestPrinter.ID,
                        org.printhub.device.DeviceReadings.CONNECTION_STATE, "open")));
        octo.awaitState("Operational");
    }
}
