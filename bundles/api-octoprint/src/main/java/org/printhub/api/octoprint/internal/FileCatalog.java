package org.printhub.api.octoprint.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Supplier;

import org.printhub.http.AtomicFiles;
import org.printhub.job.DocumentSource;
import org.printhub.job.IllegalJobStateException;
import org.printhub.job.Job;
import org.printhub.job.JobPage;
import org.printhub.job.JobQuery;
import org.printhub.job.JobService;
import org.printhub.job.JobState;
import org.printhub.job.JobSubmission;
import org.printhub.job.JobUpdate;
import org.printhub.job.NoSuchJobException;

/**
 * The files of one OctoPrint instance. A file is a job in the core: held on the instance's device, origin
 * {@code octoprint}, favourite (retention never deletes it), its path as the job name and {@link #FILE} as its
 * project. An upload streams straight into the spool; the core stores the job only once the whole body has arrived
 * and passed every check the body allows (the caller reads the form fields after the file before the document ends),
 * and the index lists it only once {@link #commit} has replaced what was at its path, so a half-uploaded file is
 * never listed or selectable. The job is a file from its one store write on: no second write marks it. (Older
 * versions marked uploads {@link #UPLOADING} first; such jobs a crash left are deleted at the next start.) Folders,
 * which are no jobs, and the selected file are kept in the instance's directory.
 *
 * <p>The files are answered from an index in memory, never from a store query: {@link #load()} reads the
 * instance's jobs once, and from then on the snapshots this surface's own commands return and the core's job events
 * keep it current ({@link #apply}, {@link #removed}). Snapshots are taken in revision order, so a late event never
 * undoes a newer result; a deleted job is remembered for a while so that no late event brings it back. The index's
 * lock is held only while the maps change, never across a store call, and no change of it costs more than the
 * files at one path: never a pass over every file.
 */
final class FileCatalog {
    static final String ORIGIN = "octoprint";
    static final String FILE = "octoprint-file";
    static final String UPLOADING = "octoprint-uploading";
    /** How many deleted job ids are remembered against late events; ids are never reused, so this only bounds memory. */
    private static final int DELETED_REMEMBERED = 10_000;
    private static final int PATH_LOCKS = 256;

    private final JobService jobs;
    private final String deviceId;
    private final String documentFormat;
    private final Path directory;
    private final Path foldersFile;
    private final Path selectedFile;
    private final TreeSet<String> folders = new TreeSet<>();
    private volatile long selected;

    /** Guards the index's changes (both maps, {@link #shadowed}, {@link #deleted}); reads of one map need no lock. */
    private final Object index = new Object();
    /** The files by path, in path order. */
    private final ConcurrentSkipListMap<String, Job> byPath = new ConcurrentSkipListMap<>();
    /**
     * The newest snapshot of each file, and of each job that was a file of this instance and no longer is (kept
     * for its revision, so an older event cannot make it a file again).
     */
    private final Map<Long, Job> byId = new ConcurrentHashMap<>();
    /**
     * Files at a path an older file holds, by path, oldest first: only ever made by changes from outside this surface
     * (a rename through the core) or by a stop between an upload's store write and its replacing the file before.
     */
    private final Map<String, TreeSet<Long>> shadowed = new HashMap<>();
    private final Map<Long, Boolean> deleted = new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
            return size() > DELETED_REMEMBERED;
        }
    };
    /**
     * Uploads and copies of this surface between their store write and {@link #commit}, by the path they were stored
     * at: the core's event for such a job lists nothing (its upload lists it once it has replaced what was there).
     */
    private final Map<String, Integer> uploading = new ConcurrentHashMap<>();
    /** Serialises the surface's own changes to one path (two uploads to it: the second replaces the first). */
    private final Object[] pathLocks = new Object[PATH_LOCKS];

    FileCatalog(JobService jobs, String deviceId, String documentFormat, Path directory) {
        this.jobs = jobs;
        this.deviceId = deviceId;
        this.documentFormat = documentFormat;
        this.directory = directory;
        this.foldersFile = directory.resolve("folders.txt");
        this.selectedFile = directory.resolve("selected.txt");
        for (int i = 0; i < pathLocks.length; i++) {
            pathLocks[i] = new Object();
        }
        try {
            Files.createDirectories(directory);
            if (Files.exists(foldersFile)) {
                for (String line : Files.readAllLines(foldersFile, StandardCharsets.UTF_8)) {
                    if (!line.isBlank()) {
                        folders.add(line);
                    }
                }
            }
            if (Files.exists(selectedFile)) {
                String s = Files.readString(selectedFile, StandardCharsets.UTF_8).trim();
                selected = s.isEmpty() ? 0 : Long.parseLong(s);
            }
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("cannot read the OctoPrint files of " + directory, e);
        }
    }

    String deviceId() {
        return deviceId;
    }

    /** The instance's directory, on the disk the data directory (and normally the spool) is on. */
    Path directory() {
        return directory;
    }

    /**
     * Reads the instance's files from the store into the index and deletes uploads a crash left unfinished. Call it
     * once job events reach {@link #apply} already, so that no change between the read and the first event is missed.
     *
     * @return how many unfinished uploads were deleted
     */
    int load() {
        int discarded = 0;
        JobPage page;
        int offset = 0;
        do {
            page = jobs.query(JobQuery.builder().origin(ORIGIN).deviceId(deviceId).favourite(true).oldestFirst()
                    .offset(offset).limit(JobQuery.MAX_LIMIT).build());
            for (Job job : page.jobs()) {
                if (UPLOADING.equals(job.project().orElse(""))) {
                    delete(job);
                    discarded++;
                } else {
                    apply(job);
                }
            }
            offset += page.jobs().size();
        } while (page.hasMore() && !page.jobs().isEmpty());
        return discarded;
    }

    /** Whether the snapshot is a file of this instance. */
    private boolean isFile(Job job) {
        return ORIGIN.equals(job.origin()) && deviceId.equals(job.deviceId()) && job.favourite()
                && FILE.equals(job.project().orElse(""));
    }

    /**
     * Takes a snapshot of a job into the index: from a command's result, an event or the store. Older snapshots than
     * the one known, and snapshots of deleted jobs, change nothing.
     *
     * @return {@code job}
     */
    Job apply(Job job) {
        Job seen = byId.get(job.id());
        if (seen != null && seen.revision() >= job.revision()) {
            // the usual late event of a command's result: nothing to change, and no need to wait for the lock (an
            // entry only ever gives way to a newer revision, or goes with its deleted job)
            return job;
        }
        boolean file = isFile(job);
        synchronized (index) {
            if (deleted.containsKey(job.id())) {
                return job;
            }
            Job known = byId.get(job.id());
            if (known == null && !file || known != null && known.revision() > job.revision()) {
                return job;
            }
            if (known != null) {
                unlist(known);
            }
            byId.put(job.id(), job);
            if (file) {
                list(job);
            }
        }
        return job;
    }

    /**
     * A job the core has just stored. Listed if it is a file, unless an upload of this surface to its path is under
     * way: then it may be that upload's own, which must not be listed (nor seen as the file to replace by another
     * upload to the path) before it has replaced what was there. Anyone else's new file at that path shows at its
     * next change, or when that upload lists the path again.
     */
    void submitted(Job job) {
        if (!uploading.containsKey(job.name())) {
            apply(job);
        }
    }

    /** An upload to {@code path} is about to be stored: until {@link #uploaded}, new files there are not listed. */
    void uploading(String path) {
        uploading.merge(path, 1, Integer::sum);
    }

    /** The upload {@link #uploading} announced is listed, refused or deleted. */
    void uploaded(String path) {
        uploading.computeIfPresent(path, (p, n) -> n == 1 ? null : n - 1);
    }

    /** The job is gone (this surface deleted it, or a deletion event said so). */
    void removed(long jobId) {
        synchronized (index) {
            deleted.put(jobId, Boolean.TRUE);
            Job known = byId.remove(jobId);
            if (known != null) {
                unlist(known);
            }
        }
    }

    /** Lists a file at its path, or behind the older file already there. Under the index lock. */
    private void list(Job job) {
        Job there = byPath.get(job.name());
        if (there == null || there.id() == job.id()) {
            byPath.put(job.name(), job);
        } else if (there.id() < job.id()) {
            shadowed.computeIfAbsent(job.name(), p -> new TreeSet<>()).add(job.id());
        } else {
            byPath.put(job.name(), job);
            shadowed.computeIfAbsent(job.name(), p -> new TreeSet<>()).add(there.id());
        }
    }

    /**
     * Takes a snapshot's file off the listing, bringing forward the oldest file it shadowed there. {@code known} is
     * the snapshot {@link #list} was given, so its name is where it is listed or shadowed. Under the index lock.
     */
    private void unlist(Job known) {
        TreeSet<Long> behind = shadowed.get(known.name());
        if (behind != null && behind.remove(known.id())) {
            if (behind.isEmpty()) {
                shadowed.remove(known.name());
            }
            return;
        }
        if (!byPath.remove(known.name(), known) || behind == null) {
            return;
        }
        byPath.put(known.name(), byId.get(behind.pollFirst()));
        if (behind.isEmpty()) {
            shadowed.remove(known.name());
        }
    }

    /** Every file, by path. */
    List<Job> files() {
        return new ArrayList<>(byPath.values());
    }

    /** The files under {@code folder} (at any depth), by path. */
    List<Job> filesUnder(String folder) {
        return new ArrayList<>(byPath.subMap(folder + "/", true, folder + (char) ('/' + 1), false).values());
    }

    Optional<Job> file(String path) {
        return Optional.ofNullable(byPath.get(path));
    }

    /**
     * Every file the index holds at {@code path}: the one listed and any behind it, oldest first. More than one only
     * after a change by someone else or a stop in the middle of a replacement: replacing the path replaces them all.
     */
    List<Job> allAt(String path) {
        synchronized (index) {
            Job listed = byPath.get(path);
            if (listed == null) {
                return List.of();
            }
            TreeSet<Long> behind = shadowed.get(path);
            if (behind == null) {
                return List.of(listed);
            }
            List<Job> at = new ArrayList<>(1 + behind.size());
            at.add(listed);
            for (long id : behind) {
                at.add(byId.get(id));
            }
            return at;
        }
    }

    /**
     * Runs {@code change} while no other change of this surface to {@code path} runs: the check that a path is free
     * and the change that takes it go together. Only the surface's own changes to paths that share a lock wait.
     */
    <T> T atPath(String path, Supplier<T> change) {
        synchronized (pathLocks[Math.floorMod(path.hashCode(), PATH_LOCKS)]) {
            return change.get();
        }
    }

    /** The folders made through this surface, and those the files' paths imply (a file renamed by someone else). */
    TreeSet<String> folders() {
        TreeSet<String> all;
        synchronized (this) {
            all = new TreeSet<>(folders);
        }
        for (String path : byPath.keySet()) {
            for (String p = FilePaths.parent(path); !p.isEmpty() && all.add(p); p = FilePaths.parent(p)) {
                // its parents too, until one is known
            }
        }
        return all;
    }

    boolean folderExists(String path) {
        if (path.isEmpty()) {
            return true;
        }
        synchronized (this) {
            if (folders.contains(path)) {
                return true;
            }
        }
        return !byPath.subMap(path + "/", true, path + (char) ('/' + 1), false).isEmpty();
    }

    /** Adds the folder and its parents. */
    void addFolder(String path) {
        if (path.isEmpty()) {
            return;
        }
        synchronized (this) {
            boolean changed = false;
            for (String p = path; !p.isEmpty(); p = FilePaths.parent(p)) {
                changed |= folders.add(p);
            }
            if (changed) {
                saveFolders();
            }
        }
    }

    synchronized void removeFolder(String path) {
        if (folders.removeIf(f -> f.equals(path) || f.startsWith(path + "/"))) {
            saveFolders();
        }
    }

    private void saveFolders() {
        try {
            AtomicFiles.write(foldersFile, String.join("\n", folders).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the OctoPrint folders", e);
        }
    }

    /**
     * Streams an upload into the spool as a file at {@code path}, held so it never prints by itself. The index does
     * not list it until {@link #commit} (announce it with {@link #uploading} first): the core stores it once
     * {@code content} ends, so whatever must refuse the upload has to fail the stream before its end.
     *
     * @throws org.printhub.job.JobRejectedException as {@link JobService#submit} does
     */
    Job spool(String path, String user, InputStream content) {
        return jobs.submit(JobSubmission.to(deviceId).name(path).owner(user).origin(ORIGIN).project(FILE)
                .favourite(true).hold(true)
                .document(DocumentSource.of(FilePaths.name(path), documentFormat, content)).build());
    }

    /**
     * Lists a spooled file at {@code path}, moving it there first if it was spooled under another path (a form's
     * {@code path} field after its file). Call it under {@link #atPath} once every other file at the path is gone.
     */
    Job commit(Job spooled, String path) {
        addFolder(FilePaths.parent(path));
        Job file = spooled.name().equals(path) ? spooled
                : jobs.update(spooled.id(), JobUpdate.builder().name(path).build());
        return apply(file);
    }

    /** Copies a file's spooled document to a new file at {@code path}; under {@link #atPath} for the path. */
    Job copy(Job source, String path, String user) {
        uploading(path);
        try {
            Job copy = jobs.submit(JobSubmission.to(deviceId).name(path).owner(user).origin(ORIGIN).project(FILE)
                    .favourite(true).hold(true).document(DocumentSource.of(FilePaths.name(path),
                            source.documents().get(0).mimeType(), () -> jobs.openDocument(source.id(), 0)))
                    .build());
            return commit(copy, path);
        } finally {
            uploaded(path);
        }
    }

    Job rename(Job file, String path) {
        addFolder(FilePaths.parent(path));
        return apply(jobs.update(file.id(), JobUpdate.builder().name(path).build()));
    }

    /** Removes the job and its document, cancelling it first if it never printed or is still waiting. */
    void delete(Job job) {
        try {
            if (job.state().isActive()) {
                jobs.cancel(job.id());
            }
            jobs.delete(job.id());
        } catch (NoSuchJobException e) {
            // already gone
        }
        removed(job.id());
        synchronized (this) {
            if (selected == job.id()) {
                select(0);
            }
        }
    }

    InputStream open(Job file) throws IOException {
        return jobs.openDocument(file.id(), 0);
    }

    OptionalLong selectedId() {
        long id = selected;
        return id == 0 ? OptionalLong.empty() : OptionalLong.of(id);
    }

    /** The selected file, if it still exists. */
    Optional<Job> selected() {
        long id = selected;
        if (id == 0) {
            return Optional.empty();
        }
        return Optional.ofNullable(byId.get(id)).filter(this::isFile);
    }

    synchronized void select(long jobId) {
        if (selected == jobId) {
            return;
        }
        try {
            AtomicFiles.write(selectedFile, Long.toString(jobId).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the selected OctoPrint file", e);
        }
        selected = jobId;
    }

    /**
     * Prints the file: releases it if it is held, prints it again if it has ended.
     *
     * @throws IllegalJobStateException if it is waiting or printing already
     */
    Job print(Job file) {
        if (file.state() == JobState.HELD) {
            return apply(jobs.release(file.id(), null));
        }
        return apply(jobs.restart(file.id()));
    }

    Job suspend(Job file) {
        return apply(jobs.suspend(file.id()));
    }

    Job resume(Job file) {
        return apply(jobs.resume(file.id()));
    }

    Job cancel(Job file) {
        return apply(jobs.cancel(file.id()));
    }

    Job restart(Job file) {
        return apply(jobs.restart(file.id()));
    }
}
