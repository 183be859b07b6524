package org.printhub.api.octoprint.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.printhub.job.Job;
import org.printhub.job.JobState;

/**
 * The catalog's index on its own: which snapshots it takes, in which order, and what a deletion leaves. Snapshots
 * are built by hand, as events and command results in any order would bring them; no store is needed (the catalog
 * makes no store call for these), the real-core tests are {@link FileCatalogConcurrencyTest}.
 */
class FileIndexTest {
    @TempDir
    Path dir;

    private FileCatalog catalog() {
        return new FileCatalog(null, "mk3", "text/x.gcode", dir);
    }

    private static Job job(long id, long revision, String path, String project) {
        return Job.builder().id(id).revision(revision).token("t" + id).name(path).origin(FileCatalog.ORIGIN)
                .project(project).favourite(true).deviceId("mk3").state(JobState.HELD)
                .createdAt(Instant.ofEpochSecond(1_700_000_000L)).build();
    }

    private static List<String> paths(FileCatalog c) {
        return c.files().stream().map(j -> j.id() + ":" + j.name()).toList();
    }

    @Test
    void anOlderSnapshotArrivingLateChangesNothing() {
        FileCatalog c = catalog();
        c.apply(job(1, 3, "b.gcode", FileCatalog.FILE));
        c.apply(job(1, 2, "a.gcode", FileCatalog.FILE));
        c.apply(job(1, 1, "a.gcode", FileCatalog.UPLOADING));
        assertEquals(List.of("1:b.gcode"), paths(c));
        assertTrue(c.file("a.gcode").isEmpty());
        // a rename moves the file in the listing, the old path is free
        c.apply(job(1, 4, "dir/c.gcode", FileCatalog.FILE));
        assertEquals(List.of("1:dir/c.gcode"), paths(c));
        assertEquals(List.of("1:dir/c.gcode"), c.filesUnder("dir").stream().map(j -> j.id() + ":" + j.name())
                .toList());
        assertTrue(c.filesUnder("di").isEmpty(), "a folder's files are under its path and a slash");
    }

    @Test
    void anUploadIsNoFileUntilFinishedAndADeletedJobNeverComesBack() {
        FileCatalog c = catalog();
        c.apply(job(7, 1, "x.gcode", FileCatalog.UPLOADING));
        assertTrue(c.files().isEmpty());
        c.apply(job(7, 2, "x.gcode", FileCatalog.FILE));
        assertEquals(List.of("7:x.gcode"), paths(c));
        c.removed(7);
        c.apply(job(7, 2, "x.gcode", FileCatalog.FILE));
        c.apply(job(7, 3, "x.gcode", FileCatalog.FILE));
        assertTrue(c.files().isEmpty(), "the events before the deletion, delivered after it");
    }

    @Test
    void aFileThatStopsBeingOneLeavesAndAnOlderSnapshotDoesNotBringItBack() {
        FileCatalog c = catalog();
        c.apply(job(2, 5, "p.gcode", FileCatalog.FILE));
        // moved to another device by someone else
        c.apply(job(2, 6, "p.gcode", FileCatalog.FILE).toBuilder().deviceId("other").build());
        assertTrue(c.files().isEmpty());
        c.apply(job(2, 5, "p.gcode", FileCatalog.FILE));
        assertTrue(c.files().isEmpty());
        // and back again
        c.apply(job(2, 7, "p.gcode", FileCatalog.FILE));
        assertEquals(List.of("2:p.gcode"), paths(c));
        // another instance's jobs never show
        c.apply(job(3, 1, "q.gcode", FileCatalog.FILE).toBuilder().deviceId("other").build());
        assertEquals(List.of("2:p.gcode"), paths(c));
    }

    @Test
    void twoFilesAtOnePathShowTheOlderAndTheOtherTakesOverWhenItGoes() {
        FileCatalog c = catalog();
        c.apply(job(5, 1, "same.gcode", FileCatalog.FILE));
        c.apply(job(4, 1, "same.gcode", FileCatalog.FILE));
        c.apply(job(6, 1, "same.gcode", FileCatalog.FILE));
        assertEquals(List.of("4:same.gcode"), paths(c));
        c.removed(4);
        assertEquals(List.of("5:same.gcode"), paths(c));
        c.apply(job(5, 2, "moved.gcode", FileCatalog.FILE));
        assertEquals(List.of("5:moved.gcode", "6:same.gcode"), paths(c));
        c.removed(6);
        c.removed(5);
        assertTrue(c.files().isEmpty());
    }

    @Test
    void theSelectedFileIsAnsweredFromTheIndex() throws Exception {
        FileCatalog c = catalog();
        c.apply(job(9, 1, "s.gcode", FileCatalog.FILE));
        c.select(9);
        assertEquals(9, c.selected().orElseThrow().id());
        c.apply(job(9, 2, "s.gcode", FileCatalog.FILE).toBuilder().state(JobState.PROCESSING).build());
        assertEquals(JobState.PROCESSING, c.selected().orElseThrow().state());
        c.removed(9);
        assertTrue(c.selected().isEmpty());
        assertEquals(9, c.selectedId().orElseThrow(), "the selection is kept; the file is gone");
    }
}
