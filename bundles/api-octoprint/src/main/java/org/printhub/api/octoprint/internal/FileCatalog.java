package org.printhub.api.octoprint.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;

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
 * project. An upload streams straight into the spool as a job marked {@link #UPLOADING}; only once the whole body
 * has arrived and passed every check is it marked a file, so a half-uploaded file is never listed or selectable
 * (and one left marked by a crash is deleted at the next start). Folders, which are no jobs, and the selected
 * file are kept in the instance's directory.
 */
final class FileCatalog {
    static final String ORIGIN = "octoprint";
    static final String FILE = "octoprint-file";
    static final String UPLOADING = "octoprint-uploading";

    private final JobService jobs;
    private final String deviceId;
    private final String documentFormat;
    private final Path directory;
    private final Path foldersFile;
    private final Path selectedFile;
    private final TreeSet<String> folders = new TreeSet<>();
    private long selected;
    /** The selected file as last seen, so that reading the state costs no query while it is unchanged. */
    private volatile Job selectedSnapshot;

    FileCatalog(JobService jobs, String deviceId, String documentFormat, Path directory) {
        this.jobs = jobs;
        this.deviceId = deviceId;
        this.documentFormat = documentFormat;
        this.directory = directory;
        this.foldersFile = directory.resolve("folders.txt");
        this.selectedFile = directory.resolve("selected.txt");
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

    /** Deletes uploads a crash left unfinished. */
    int discardUnfinishedUploads() {
        int n = 0;
        for (Job job : all()) {
            if (UPLOADING.equals(job.project().orElse(""))) {
                delete(job);
                n++;
            }
        }
        return n;
    }

    /** Every file, by path. */
    List<Job> files() {
        List<Job> files = new ArrayList<>();
        for (Job job : all()) {
            if (FILE.equals(job.project().orElse(""))) {
                files.add(job);
            }
        }
        files.sort(Comparator.comparing(Job::name));
        return files;
    }

    private List<Job> all() {
        List<Job> out = new ArrayList<>();
        JobPage page;
        int offset = 0;
        do {
            page = jobs.query(JobQuery.builder().origin(ORIGIN).deviceId(deviceId).favourite(true).oldestFirst()
                    .offset(offset).limit(JobQuery.MAX_LIMIT).build());
            out.addAll(page.jobs());
            offset += page.jobs().size();
        } while (page.hasMore() && !page.jobs().isEmpty());
        return out;
    }

    Optional<Job> file(String path) {
        return files().stream().filter(j -> j.name().equals(path)).findFirst();
    }

    synchronized TreeSet<String> folders() {
        return new TreeSet<>(folders);
    }

    synchronized boolean folderExists(String path) {
        return path.isEmpty() || folders.contains(path);
    }

    /** Adds the folder and its parents. */
    synchronized void addFolder(String path) {
        boolean changed = false;
        for (String p = path; !p.isEmpty(); p = FilePaths.parent(p)) {
            changed |= folders.add(p);
        }
        if (changed) {
            saveFolders();
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
     * Streams an upload into the spool as an unfinished file, held so it never prints by itself.
     *
     * @throws org.printhub.job.JobRejectedException as {@link JobService#submit} does
     */
    Job spool(String path, String user, InputStream content) {
        return jobs.submit(JobSubmission.to(deviceId).name(path).owner(user).origin(ORIGIN).project(UPLOADING)
                .favourite(true).hold(true)
                .document(DocumentSource.of(FilePaths.name(path), documentFormat, content)).build());
    }

    /** Makes an upload a file at {@code path}; the caller has checked that the path is free. */
    Job finish(Job upload, String path) {
        addFolder(FilePaths.parent(path));
        return jobs.update(upload.id(), JobUpdate.builder().name(path).project(FILE).build());
    }

    /** Copies a file's spooled document to a new file at {@code path}. */
    Job copy(Job source, String path, String user) {
        Job copy = jobs.submit(JobSubmission.to(deviceId).name(path).owner(user).origin(ORIGIN).project(UPLOADING)
                .favourite(true).hold(true).document(DocumentSource.of(FilePaths.name(path),
                        source.documents().get(0).mimeType(), () -> jobs.openDocument(source.id(), 0)))
                .build());
        return finish(copy, path);
    }

    Job rename(Job file, String path) {
        addFolder(FilePaths.parent(path));
        return observe(jobs.update(file.id(), JobUpdate.builder().name(path).build()));
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
        forget(job.id());
        synchronized (this) {
            if (selected == job.id()) {
                select(0);
            }
        }
    }

    InputStream open(Job file) throws IOException {
        return jobs.openDocument(file.id(), 0);
    }

    synchronized OptionalLong selectedId() {
        return selected == 0 ? OptionalLong.empty() : OptionalLong.of(selected);
    }

    /** The selected file, if it still exists. */
    Optional<Job> selected() {
        OptionalLong id = selectedId();
        if (id.isEmpty()) {
            return Optional.empty();
        }
        Job cached = selectedSnapshot;
        if (cached != null && cached.id() == id.getAsLong()) {
            return Optional.of(cached);
        }
        Optional<Job> found = jobs.find(id.getAsLong()).filter(j -> FILE.equals(j.project().orElse("")));
        found.ifPresent(this::observe);
        return found;
    }

    /** Takes a newer snapshot of the selected file (from a command's result or a job event). */
    Job observe(Job job) {
        synchronized (this) {
            Job cached = selectedSnapshot;
            if (job.id() == selected && FILE.equals(job.project().orElse(""))
                    && (cached == null || cached.id() != job.id() || cached.revision() <= job.revision())) {
                selectedSnapshot = job;
            }
        }
        return job;
    }

    /** The job is gone or its file changed in a way a snapshot cannot show: read it again next time. */
    void forget(long jobId) {
        Job cached = selectedSnapshot;
        if (cached != null && cached.id() == jobId) {
            selectedSnapshot = null;
        }
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
        selectedSnapshot = null;
    }

    /**
     * Prints the file: releases it if it is held, prints it again if it has ended.
     *
     * @throws IllegalJobStateException if it is waiting or printing already
     */
    Job print(Job file) {
        if (file.state() == JobState.HELD) {
            return observe(jobs.release(file.id(), null));
        }
        return observe(jobs.restart(file.id()));
    }

    Job suspend(Job file) {
        return observe(jobs.suspend(file.id()));
    }

    Job resume(Job file) {
        return observe(jobs.resume(file.id()));
    }

    Job cancel(Job file) {
        return observe(jobs.cancel(file.id()));
    }

    Job restart(Job file) {
        return observe(jobs.restart(file.id()));
    }
}
