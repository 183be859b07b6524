package org.printhub.api.octoprint.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.printhub.job.Job;
import org.printhub.job.JobQuery;
import org.printhub.job.JobState;
import org.printhub.job.JobUpdate;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The files an instance lists, answered from its index, against what the real store holds: under concurrent uploads,
 * replacements, deletes and the events they cause; after changes someone else makes through {@code JobService}; and
 * after a restart.
 */
@Timeout(120)
class FileCatalogConcurrencyTest {
    @TempDir
    Path dir;
    OctoServer octo;

    @BeforeEach
    void start() throws Exception {
        octo = new OctoServer(dir, OctoServer.defaults());
    }

    @AfterEach
    void stop() throws Exception {
        if (octo != null) {
            octo.close();
        }
    }

    /** The paths {@code GET /api/files?recursive=true} lists. */
    private Set<String> listed() throws Exception {
        HttpResponse<String> r = octo.get("/api/files?recursive=true");
        assertEquals(200, r.statusCode(), r.body());
        Set<String> paths = new TreeSet<>();
        collect(JsonParser.parseString(r.body()).getAsJsonObject().getAsJsonArray("files"), paths);
        return paths;
    }

    private static void collect(JsonArray entries, Set<String> paths) {
        for (JsonElement e : entries) {
            JsonObject o = e.getAsJsonObject();
            if (o.get("type").getAsString().equals("folder")) {
                collect(o.getAsJsonArray("children"), paths);
            } else {
                paths.add(o.get("path").getAsString());
            }
        }
    }

    /** The instance's files as the store holds them: a fresh catalog read from it. */
    private List<String> inStore() {
        FileCatalog fresh = new FileCatalog(octo.core.jobs, TestPrinter.ID, "text/x.gcode", dir.resolve("fresh"));
        fresh.load();
        return snapshots(fresh);
    }

    private static List<String> snapshots(FileCatalog c) {
        return c.files().stream().map(j -> j.id() + ":" + j.name() + ":" + j.state() + ":" + j.revision()).toList();
    }

    private void upload(String name) throws Exception {
        HttpResponse<String> r = octo.upload("/api/files/local", Map.of(), name, OctoPrintApiTest.gcode(20));
        assertEquals(201, r.statusCode(), name + ": " + r.body());
    }

    @Test
    void concurrentUploadsReplacementsAndDeletesListWhatTheStoreHolds() throws Exception {
        int threads = 6;
        int perThread = 12;
        Set<String> expected = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Void>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit((Callable<Void>) () -> {
                    for (int i = 0; i < perThread; i++) {
                        String name = "t" + thread + "-" + i + ".gcode";
                        upload(name);
                        // every thread also writes the one shared path: each upload replaces the one before
                        upload("shared.gcode");
                        if (i % 3 == 0) {
                            HttpResponse<String> d = octo.send(octo.request("/api/files/local/" + name).DELETE()
                                    .build());
                            assertEquals(204, d.statusCode(), name + ": " + d.body());
                        } else {
                            expected.add(name);
                        }
                    }
                    return null;
                }));
            }
            for (Future<Void> f : done) {
                f.get(90, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        expected.add("shared.gcode");
        assertEquals(new TreeSet<>(expected), listed(), "right after the last answer, before any event settles");
        List<Job> atShared = octo.core.jobs.query(JobQuery.builder().origin(FileCatalog.ORIGIN)
                .deviceId(TestPrinter.ID).limit(JobQuery.MAX_LIMIT).build()).jobs().stream()
                .filter(j -> j.name().equals("shared.gcode")).toList();
        assertEquals(1, atShared.size(), "one job at the shared path: " + atShared);
        // once the events caught up, the index holds exactly the store's snapshots, revisions included
        OctoServer.await(() -> snapshots(octo.files).equals(inStore()), "the index equals the store: "
                + snapshots(octo.files) + " vs " + inStore());
        assertEquals(expected.size(), octo.files.files().size());
    }

    @Test
    void filesChangedThroughTheJobServiceShowAsTheyAreNow() throws Exception {
        upload("a.gcode");
        upload("b.gcode");
        upload("c.gcode");
        long a = octo.files.file("a.gcode").orElseThrow().id();
        long b = octo.files.file("b.gcode").orElseThrow().id();
        long c = octo.files.file("c.gcode").orElseThrow().id();
        // as the shell's job:cancel, job:delete would, and a rename through the API
        octo.core.jobs.cancel(a);
        octo.core.jobs.cancel(b);
        octo.core.jobs.delete(b);
        octo.core.jobs.update(c, JobUpdate.builder().name("elsewhere/c.gcode").build());
        OctoServer.await(() -> octo.files.file("a.gcode").map(j -> j.state() == JobState.CANCELED).orElse(false),
                "a.gcode canceled");
        OctoServer.await(() -> octo.files.file("b.gcode").isEmpty(), "b.gcode gone");
        OctoServer.await(() -> octo.files.file("elsewhere/c.gcode").isPresent(), "c.gcode renamed");
        assertEquals(Set.of("a.gcode", "elsewhere/c.gcode"), listed());
        assertEquals(404, octo.get("/api/files/local/b.gcode").statusCode());
        assertEquals(404, octo.get("/api/files/local/c.gcode").statusCode());
        assertEquals(200, octo.get("/api/files/local/elsewhere/c.gcode").statusCode());
        assertEquals(c, octo.files.file("elsewhere/c.gcode").orElseThrow().id());
        // an upload to the freed path is a new file; the canceled one can be replaced
        upload("c.gcode");
        upload("a.gcode");
        assertTrue(octo.files.file("a.gcode").orElseThrow().id() != a);
        assertEquals(JobState.HELD, octo.files.file("a.gcode").orElseThrow().state());
        Set<String> before = listed();

        // a restart reads the files from the store again
        octo.close();
        octo = null;
        octo = new OctoServer(dir, OctoServer.defaults());
        assertEquals(before, listed());
        assertEquals(Set.of("a.gcode", "c.gcode", "elsewhere/c.gcode"), before);
    }
}
