package org.printhub.api.octoprint.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.printhub.job.JobQuery;

import com.google.gson.JsonParser;

/** Uploads stream into the spool (the test JVM has a 64 MB heap) and a cut-off upload leaves nothing behind. */
@Timeout(120)
class UploadTest {
    @TempDir
    Path dir;
    OctoServer octo;

    @BeforeEach
    void start() throws Exception {
        Map<String, Object> config = new HashMap<>(OctoServer.defaults());
        config.put("maxUploadMiB", 512L);
        octo = new OctoServer(dir, config);
    }

    @AfterEach
    void stop() throws Exception {
        octo.close();
    }

    @Test
    void anUploadLargerThanTheHeapStreams() throws Exception {
        long size = 160L << 20;
        HttpResponse<String> r = octo.upload("/api/files/local", Map.of(), "big.gcode",
                () -> OctoServer.generated(size), size);
        assertEquals(201, r.statusCode(), r.body());
        assertEquals(size, JsonParser.parseString(octo.get("/api/files/local/big.gcode").body()).getAsJsonObject()
                .get("size").getAsLong());
    }

    @Test
    void aCutOffUploadIsNeverListedAndLeavesNoJob() throws Exception {
        String boundary = "cut";
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"select\"\r\n\r\ntrue\r\n--"
                + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"half.gcode\"\r\n\r\n";
        try (Socket s = new Socket("127.0.0.1", octo.base.getPort())) {
            OutputStream out = s.getOutputStream();
            out.write(("POST /api/files/local HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Api-Key: " + octo.key
                    + "\r\nContent-Type: multipart/form-data; boundary=" + boundary + "\r\nContent-Length: "
                    + (10 << 20) + "\r\n\r\n" + head).getBytes(StandardCharsets.UTF_8));
            byte[] chunk = new byte[64 * 1024];
            java.util.Arrays.fill(chunk, (byte) 'G');
            for (int i = 0; i < 16; i++) {
                out.write(chunk);
            }
            out.flush();
            // while the body is arriving, the file is nowhere to be seen
            Thread.sleep(300);
            assertEquals(0, JsonParser.parseString(octo.get("/api/files").body()).getAsJsonObject()
                    .getAsJsonArray("files").size());
        }
        long end = System.nanoTime() + 10_000_000_000L;
        while (octo.core.jobs.query(JobQuery.all()).total() > 0 && System.nanoTime() < end) {
            Thread.sleep(50);
        }
        assertEquals(0, octo.core.jobs.query(JobQuery.all()).total(), "the cut-off upload's job is gone");
        assertTrue(octo.files.selected().isEmpty());
        assertEquals(201, octo.upload("/api/files/local", Map.of(), "whole.gcode", OctoPrintApiTest.gcode(10))
                .statusCode(), "the server keeps serving");
    }
}
