package org.printhub.api.octoprint.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.printhub.job.Job;
import org.printhub.job.JobQuery;
import org.printhub.job.JobUpdate;
import org.printhub.job.NoSuchJobException;

/**
 * An upload is one store write: the job is stored as a file once the whole form has arrived and passed its checks,
 * and the index lists it once it has replaced what was at its path. Against the real core and store: the fields after
 * the file, uploads racing for one path while others change files through the core, and a stop between an upload's
 * store write and its replacing the file before.
 */
@Timeout(120)
class UploadCommitTest {
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

    /** A multipart form of {@code parts}, each {name, value} or {name, file name, content}, in that order. */
    private HttpResponse<String> form(String... parts) throws Exception {
        String boundary = "----commit" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int i = 0; i < parts.length;) {
            boolean file = parts[i].startsWith("file");
            String name = file ? "file" : parts[i];
            StringBuilder head = new StringBuilder("--").append(boundary)
                    .append("\r\nContent-Disposition: form-data; name=\"").append(name).append('"');
            if (file) {
                head.append("; filename=\"").append(parts[i + 1])
                        .append("\"\r\nContent-Type: application/octet-stream");
            }
            head.append("\r\n\r\n");
            body.write(head.toString().getBytes(StandardCharsets.UTF_8));
            body.write((file ? parts[i + 2] : parts[i + 1]).getBytes(StandardCharsets.UTF_8));
            body.write("\r\n".getBytes(StandardCharsets.UTF_8));
            i += file ? 3 : 2;
        }
        body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return octo.send(octo.request("/api/files/local")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build());
    }

    private static final String GCODE = "G28\nG1 X10 Y10\n";

    private List<Job> stored() {
        return octo.core.jobs.query(JobQuery.builder().origin(FileCatalog.ORIGIN).deviceId(TestPrinter.ID)
                .limit(JobQuery.MAX_LIMIT).build()).jobs();
    }

    private List<Job> storedAt(String path) {
        return stored().stream().filter(j -> j.name().equals(path)).toList();
    }

    @Test
    void anUploadIsWrittenToTheStoreOnceAsAFile() throws Exception {
        assertEquals(201, form("file", "one.gcode", GCODE).statusCode());
        Job job = storedAt("one.gcode").get(0);
        assertEquals(1, job.revision(), "stored by its submission alone, no second write: " + job);
        assertEquals(FileCatalog.FILE, job.project().orElse(""));
        assertEquals(job, octo.files.file("one.gcode").orElseThrow());
        // replacing it: the new file is stored once too, and the old one is gone
        assertEquals(201, form("file", "one.gcode", GCODE + "G1 X20\n").statusCode());
        List<Job> at = storedAt("one.gcode");
        assertEquals(1, at.size(), at.toString());
        assertTrue(at.get(0).id() != job.id());
        assertEquals(1, at.get(0).revision());
        assertEquals(at.get(0), octo.files.file("one.gcode").orElseThrow());
    }

    @Test
    void theFieldsAfterTheFileCountAndARequestTheyRefuseIsNeverStored() throws Exception {
        // select and path after the file, as OctoPrint's own example and several slicers send them
        assertEquals(201, form("file", "late.gcode", GCODE, "path", "sub/dir", "select", "true").statusCode());
        Job late = octo.files.file("sub/dir/late.gcode").orElseThrow();
        assertTrue(octo.files.file("late.gcode").isEmpty());
        assertTrue(octo.files.folderExists("sub/dir"));
        assertEquals(late.id(), octo.files.selectedId().orElseThrow());
        assertEquals(List.of(late.id()), stored().stream().map(Job::id).toList());

        HttpResponse<String> r = form("file", "bad.gcode", GCODE, "userdata", "{not json");
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(r.body().contains("userdata contains invalid JSON"), r.body());
        r = form("file", "two.gcode", GCODE, "file", "three.gcode", GCODE);
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(r.body().contains("Only one file may be uploaded at a time"), r.body());
        r = form("file", "badpath.gcode", GCODE, "path", "../up");
        assertEquals(400, r.statusCode(), r.body());
        // refused while the core still read the document: no job was ever stored for them (job ids are never
        // reused, so a stored and deleted one would leave a gap before the next)
        assertEquals(List.of(late.id()), stored().stream().map(Job::id).toList());
        assertEquals(201, form("file", "next.gcode", GCODE).statusCode());
        assertEquals(late.id() + 1, octo.files.file("next.gcode").orElseThrow().id());

        // noOverwrite after the file: refused, the file that was there stays
        r = form("file", "next.gcode", GCODE + "G1 X1\n", "noOverwrite", "true");
        assertEquals(409, r.statusCode(), r.body());
        assertEquals(late.id() + 1, octo.files.file("next.gcode").orElseThrow().id());
        assertEquals(List.of(late.id() + 1), storedAt("next.gcode").stream().map(Job::id).toList());
    }

    @Test
    void uploadsRacingForOnePathLeaveOneFileWhileOthersChangeFilesThroughTheCore() throws Exception {
        int threads = 6;
        int rounds = 8;
        for (int i = 0; i < threads; i++) {
            assertEquals(201, form("file", "other-" + i + ".gcode", GCODE).statusCode());
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        AtomicBoolean racing = new AtomicBoolean(true);
        try {
            // someone else (the shell, another API) renames, cancels and deletes files meanwhile: their events arrive
            // in between the uploads' own results
            Future<Integer> others = pool.submit(() -> {
                int changes = 0;
                for (int n = 0; racing.get(); n++) {
                    for (Job j : octo.files.files()) {
                        if (!j.name().startsWith("other-")) {
                            continue;
                        }
                        try {
                            if (n % 3 == 2) {
                                octo.core.jobs.cancel(j.id());
                                octo.core.jobs.delete(j.id());
                                octo.core.jobs.submit(org.printhub.job.JobSubmission.to(TestPrinter.ID)
                                        .name(j.name()).origin(FileCatalog.ORIGIN).project(FileCatalog.FILE)
                                        .favourite(true).hold(true).document(org.printhub.job.DocumentSource.of(
                                                "x.gcode", "text/x.gcode",
                                                new ByteArrayInputStream(GCODE.getBytes(StandardCharsets.US_ASCII))))
                                        .build());
                            } else {
                                octo.core.jobs.update(j.id(), JobUpdate.builder()
                                        .name(j.name().endsWith("-b.gcode") ? j.name().replace("-b.gcode", ".gcode")
                                                : j.name().replace(".gcode", "-b.gcode"))
                                        .build());
                            }
                            changes++;
                        } catch (NoSuchJobException | org.printhub.job.IllegalJobStateException e) {
                            // changed meanwhile: the next pass takes it as it is then
                        }
                    }
                    Thread.sleep(5);
                }
                return changes;
            });
            for (int round = 0; round < rounds; round++) {
                CyclicBarrier start = new CyclicBarrier(threads);
                List<Future<Integer>> answers = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int thread = t;
                    answers.add(pool.submit(() -> {
                        start.await(10, TimeUnit.SECONDS);
                        return form("file", "same.gcode", GCODE + "; thread " + thread + "\n").statusCode();
                    }));
                }
                for (Future<Integer> a : answers) {
                    assertEquals(201, a.get(60, TimeUnit.SECONDS));
                }
                List<Job> at = storedAt("same.gcode");
                assertEquals(1, at.size(), "round " + round + ": one file at the path in the store: " + at);
                assertEquals(at.get(0).id(), octo.files.file("same.gcode").orElseThrow().id(), "round " + round);
                assertEquals(List.of(at.get(0).id()), octo.files.allAt("same.gcode").stream().map(Job::id).toList(),
                        "round " + round + ": nothing behind it in the index");
            }
            racing.set(false);
            assertTrue(others.get(30, TimeUnit.SECONDS) > 0, "the other changes ran");
        } finally {
            racing.set(false);
            pool.shutdownNow();
        }
        // once the events caught up, the index lists what the store holds
        OctoServer.await(() -> octo.files.files().stream().map(Job::id).sorted().toList()
                .equals(stored().stream().map(Job::id).sorted().toList()), "the index lists the store's files");
        assertEquals(1, storedAt("same.gcode").size());
    }

    @Test
    void aStopBetweenAnUploadsStoreWriteAndItsReplacingLeavesTheOlderFileListedUntilTheNextUpload() throws Exception {
        assertEquals(201, form("file", "r.gcode", GCODE).statusCode());
        long before = octo.files.file("r.gcode").orElseThrow().id();
        // an upload whose store write happened and whose answer never went out (the server stopped there)
        octo.files.uploading("r.gcode");
        Job orphan = octo.files.spool("r.gcode", "alice", new ByteArrayInputStream(
                (GCODE + "G1 X5\n").getBytes(StandardCharsets.US_ASCII)));
        Thread.sleep(200); // its SUBMITTED event has arrived by now and listed nothing
        assertEquals(before, octo.files.file("r.gcode").orElseThrow().id());
        assertEquals(1, octo.files.allAt("r.gcode").size());

        octo.close();
        octo = null;
        octo = new OctoServer(dir, OctoServer.defaults());
        assertEquals(before, octo.files.file("r.gcode").orElseThrow().id(), "the file the clients last saw");
        assertEquals(List.of(before, orphan.id()), octo.files.allAt("r.gcode").stream().map(Job::id).toList());
        assertEquals(1, octo.files.files().size());
        // the next upload to the path replaces both
        assertEquals(201, form("file", "r.gcode", GCODE + "G1 X6\n").statusCode());
        List<Job> at = storedAt("r.gcode");
        assertEquals(1, at.size(), at.toString());
        assertEquals(at.get(0).id(), octo.files.file("r.gcode").orElseThrow().id());
        assertTrue(at.get(0).id() > orphan.id());
        // and a restart after it reads the same
        octo.close();
        octo = null;
        octo = new OctoServer(dir, OctoServer.defaults());
        assertEquals(List.of(at.get(0).id()), octo.files.allAt("r.gcode").stream().map(Job::id).toList());
    }

    @Test
    void aFileSubmittedBySomeoneElseShowsWhenStoredUnlessAnUploadToItsPathIsUnderWay() throws Exception {
        Job outside = submitOutside("outside.gcode");
        OctoServer.await(() -> octo.files.file("outside.gcode").isPresent(), "listed from its event");
        assertEquals(outside.id(), octo.files.file("outside.gcode").orElseThrow().id());
        // while an upload to a path is between its store write and its listing, a new job there is not listed
        octo.files.uploading("busy.gcode");
        Job during = submitOutside("busy.gcode");
        Thread.sleep(200);
        assertTrue(octo.files.file("busy.gcode").isEmpty());
        octo.files.uploaded("busy.gcode");
        // its next change shows it
        octo.core.jobs.update(during.id(), JobUpdate.builder().name("moved/busy.gcode").build());
        OctoServer.await(() -> octo.files.file("moved/busy.gcode").isPresent(), "the renamed file listed");
        assertEquals(Map.of("moved/busy.gcode", during.id(), "outside.gcode", outside.id()),
                Map.of(octo.files.files().get(0).name(), octo.files.files().get(0).id(),
                        octo.files.files().get(1).name(), octo.files.files().get(1).id()));
    }

    private Job submitOutside(String path) {
        return octo.core.jobs.submit(org.printhub.job.JobSubmission.to(TestPrinter.ID).name(path)
                .origin(FileCatalog.ORIGIN).project(FileCatalog.FILE).favourite(true).hold(true)
                .document(org.printhub.job.DocumentSource.of(path, "text/x.gcode",
                        new ByteArrayInputStream(GCODE.getBytes(StandardCharsets.US_ASCII))))
                .build());
    }
}
