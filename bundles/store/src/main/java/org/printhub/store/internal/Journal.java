package org.printhub.store.internal;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

import org.printhub.job.DocumentInfo;
import org.printhub.job.Job;
import org.printhub.job.JobState;
import org.printhub.job.store.SpooledDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only log of new and changed jobs, forced once per group commit. With H2 it takes the place of forcing the
 * database, which writes a chunk and its metadata (two forces of a random-access file); appending a few hundred
 * bytes to a sequential file and forcing it is one. The database is forced now and then ({@link #rotate()}, then
 * a checkpoint, then {@link #delete(List)}), and at open the jobs the database lost are put back from here.
 *
 * <p>Records: {@code INSERT} (the job as accepted, with its documents' spool locations), {@code UPDATE} (the job's
 * row after a change, appended once the database committed it and forced with the next force: a completion is
 * then one small sequential write and one force instead of a database checkpoint), {@code DELETE} (written before
 * the row is deleted) and {@code UNDELETE} (the delete did not happen). Replaying them puts back the jobs the
 * database does not have, unless they were deleted since, and the changes it lost. Each record is framed with its
 * length and a CRC.
 *
 * <p>Files: {@code journal-<sequence>.log}, replayed in sequence order. Each is created at its full size
 * ({@link #FILE_BYTES}) of zeros, forced with its directory entry before it takes a record, and then overwritten
 * from its start: a force ({@code fdatasync}) then has no size or block allocation to commit and does not wait for
 * the file system's journal, which every other file's metadata shares. Records end where the zeros begin; appends
 * past the preallocated size grow the file (slower forces, nothing else). The next file is prepared by a thread of
 * its own while this one takes records ({@code journal-<sequence>.log.preparing} until it is complete and forced,
 * then renamed), so that {@link #rotate()} only switches files. So a journal directory holds, besides the files
 * with records, at most one prepared file of zeros, which replays as empty and goes with the others at the next
 * start; a {@code .preparing} file left by a crash is deleted when a journal opens.
 *
 * <p>Replay ends a file at its zero tail, or at a torn record (a crash during an append or before its force
 * completed: never acknowledged), and never reads past either.
 *
 * <p>Thread-safe: appends are serialised, and forces and rotations among themselves; an append never waits for a
 * force in progress.
 */
final class Journal implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);
    private static final Pattern FILE = Pattern.compile("journal-([0-9a-f]{16})\\.log");
    private static final String PREPARING = ".preparing";
    /**
     * The size a file is created at: a rotation comes every 2 s or 4 MiB ({@link GroupCommitWriter}), so the
     * records of one nearly always fit.
     */
    static final long FILE_BYTES = 8L << 20;
    /** How long a rotation waits for the next file (preparing one took 8 to 16 ms here). */
    private static final long PREPARE_WAIT_SECONDS = 2;
    /** A thread interrupted during this many forces in a row is told the force failed. */
    private static final int MAX_FORCE_ATTEMPTS = 100;
    private static final int MAGIC = 0x50484a31; // "PHJ1"
    private static final int HEADER = 12;
    private static final int MAX_RECORD = 16 << 20;
    private static final byte[] ZEROS = new byte[64 << 10];
    private static final byte INSERT = 1;
    private static final byte DELETE = 2;
    private static final byte UNDELETE = 3;
    private static final byte UPDATE = 4;

    private final Path dir;
    private final long fileBytes;
    /** Zero-fills the next file while this one takes records. */
    private final ExecutorService preparer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "printhub-store-journal-prepare");
        t.setDaemon(true);
        return t;
    });
    /** Held by a rotation and by close, always before {@link #forceLock}. */
    private final Object rotateLock = new Object();
    /** The next file, named once it is zero-filled and forced (guarded by rotateLock). */
    private CompletableFuture<Path> spare;
    /** Set by close (holding rotateLock) before the files are closed; read by appends. */
    private volatile boolean closed;
    /** The file appended to and its sequence (written holding forceLock and this object's lock). */
    private Path file;
    private long sequence;
    /**
     * java.io rather than a FileChannel: a thread interrupted while it appends (a canceled job's worker, a
     * request thread at shutdown) would close a channel for everyone.
     */
    private RandomAccessFile out;
    /**
     * A second descriptor of the same file, only for forcing ({@code fdatasync} flushes the file's pages, whichever
     * descriptor wrote them), used only holding forceLock: an interrupt that closes it closes it for nobody else, and
     * a fresh one takes its place ({@link #forceData()}).
     */
    private FileChannel forcer;
    /** Where the records end (the written position, not the file's length), and the file's length when opened. */
    private long end;
    private long preallocated;
    /** A failed append could not be taken back: no further record goes into this file (see {@link #damaged()}). */
    private boolean damaged;
    /** Held while forcing (and by whoever must not interleave with a force), always before this object's lock. */
    private final Object forceLock = new Object();
    private boolean dirty;
    /** Records appended so far (this object's lock), and how many of them the last completed force covered. */
    private long appends;
    private long forcedUpTo;
    /** How often an interrupt closed the force channel and a fresh one took its place (guarded by forceLock). */
    private long forcersReopened;

    /** A job to put back: the job as inserted, and its documents' spool locations in order. */
    record Entry(Job job, List<String> locations) {
    }

    /**
     * Opens a new journal file in {@code dir} after the ones already there (which {@link #replay} reads), and starts
     * preparing the one after it.
     */
    Journal(Path dir) throws IOException {
        this(dir, FILE_BYTES);
    }

    /** @param fileBytes the size each file is created at */
    Journal(Path dir, long fileBytes) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.fileBytes = fileBytes;
        try {
            deleteUnfinished(dir);
            long last = -1;
            for (Path p : files(dir)) {
                last = Math.max(last, sequenceOf(p));
            }
            Path first = Uninterruptibly.get(prepareAhead(last + 1));
            open(first);
            spare = prepareAhead(sequence + 1);
        } catch (ExecutionException e) {
            shutDownPreparer();
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (IOException | RuntimeException e) {
            shutDownPreparer();
            throw e;
        }
    }

    /** Files a crash left half-prepared: never used, never named as journal files. */
    private static void deleteUnfinished(Path dir) throws IOException {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, p -> p.getFileName().toString().endsWith(
                PREPARING))) {
            for (Path p : s) {
                Files.deleteIfExists(p);
            }
        }
    }

    private CompletableFuture<Path> prepareAhead(long next) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return prepare(next);
            } catch (IOException e) {
                throw new CompletionException(e);
            }
        }, preparer);
    }

    /**
     * Creates the file of sequence {@code next} at its full size of zeros, forced with its size and blocks, then
     * names it a journal file and forces the directory: from then on it replays (as empty), and a force of records
     * written into it covers them without any metadata. Runs on the preparer thread, which nobody interrupts.
     */
    private Path prepare(long next) throws IOException {
        String name = String.format(Locale.ROOT, "journal-%016x.log", next);
        Path target = dir.resolve(name);
        Path partial = dir.resolve(name + PREPARING);
        if (Files.exists(target)) {
            throw new IOException("journal file " + target + " exists already");
        }
        try {
            try (FileChannel ch = FileChannel.open(partial, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer zeros = ByteBuffer.wrap(ZEROS);
                for (long at = 0; at < fileBytes;) {
                    zeros.clear().limit((int) Math.min(ZEROS.length, fileBytes - at));
                    at += ch.write(zeros, at);
                }
                ch.force(true);
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            Spool.forceDirectory(dir);
            return target;
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(partial);
                Files.deleteIfExists(target);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** Makes {@code prepared} the file appended to, closing the one before (if any) only once it is open. */
    private void open(Path prepared) throws IOException {
        RandomAccessFile opened = new RandomAccessFile(prepared.toFile(), "rw");
        FileChannel forcing;
        try {
            forcing = FileChannel.open(prepared, StandardOpenOption.WRITE);
        } catch (IOException | RuntimeException e) {
            opened.close();
            throw e;
        }
        RandomAccessFile before = out;
        FileChannel beforeForcer = forcer;
        out = opened;
        forcer = forcing;
        file = prepared;
        sequence = sequenceOf(prepared);
        end = 0;
        preallocated = opened.length();
        damaged = false;
        if (before != null) {
            closeQuietly(before, beforeForcer);
        }
    }

    private static void closeQuietly(Closeable... all) {
        for (Closeable c : all) {
            try {
                c.close();
            } catch (IOException e) {
                LOG.debug("Closing a journal file failed", e);
            }
        }
    }

    /**
     * Appends inserts of new jobs and forces them to disk. If that fails, they are cut off again (or, when other
     * records followed them meanwhile, marked deleted): the callers hear no, so the jobs must not come back at
     * the next start.
     */
    void commitInserts(List<Job> jobs, List<List<SpooledDocument>> documents) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512 * jobs.size());
        for (int i = 0; i < jobs.size(); i++) {
            frame(bytes, jobRecord(INSERT, jobs.get(i), documents.get(i)));
        }
        synchronized (forceLock) {
            long before;
            long mark;
            synchronized (this) {
                before = end;
                write(bytes.toByteArray());
                mark = appends;
            }
            try {
                forceHoldingForceLock();
            } catch (IOException e) {
                synchronized (this) {
                    try {
                        if (appends == mark) {
                            takeBack(before, end, e);
                        } else {
                            for (Job job : jobs) {
                                write(idRecord(DELETE, job.id()));
                            }
                        }
                        forceData();
                    } catch (IOException suppressed) {
                        e.addSuppressed(suppressed);
                    }
                }
                throw e;
            }
        }
    }

    /**
     * Written and forced before a job's row is deleted: the database may write the deletion on its own at any
     * time, and a crash must not then bring the job back from its insert in here.
     */
    void commitDelete(long id) throws IOException {
        commit(idRecord(DELETE, id));
    }

    /** The delete announced by {@link #commitDelete(long)} did not happen. */
    void commitUndelete(long id) throws IOException {
        commit(idRecord(UNDELETE, id));
    }

    private void commit(byte[] framed) throws IOException {
        synchronized (forceLock) {
            synchronized (this) {
                write(framed);
            }
            forceHoldingForceLock();
        }
    }

    /**
     * Appends a job's row as the database committed it, without forcing it: the next {@link #force()} (a
     * completion's sync, the next group commit) does. Call it after the database commit, so that a rotation in
     * between leaves the change either in the checkpointed database or in the new file. Never waits for a force
     * in progress.
     */
    void appendUpdate(Job stored) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        frame(bytes, jobRecord(UPDATE, stored, List.of()));
        synchronized (this) {
            write(bytes.toByteArray());
        }
    }

    /** Appends under this object's lock. */
    private void write(byte[] framed) throws IOException {
        if (closed) {
            throw new IOException("the journal is closed");
        }
        if (damaged) {
            throw new IOException("journal file " + file + " takes no more records (a failed append could not be "
                    + "taken back); the next checkpoint goes on in a new file");
        }
        long before = end;
        try {
            out.write(framed);
        } catch (IOException e) {
            takeBack(before, before + framed.length, e);
            throw e;
        }
        end = before + framed.length;
        appends++;
        dirty = true;
    }

    /**
     * Under this object's lock, after a failed append or force: nothing of the bytes from {@code from} to {@code to}
     * may be read back as a record, so they are zeros again up to the preallocated size, and cut off past it. If
     * that fails too (noted on {@code failure}), later records would follow whatever is left there: the file takes
     * none.
     */
    private void takeBack(long from, long to, IOException failure) {
        try {
            long keep = Math.max(preallocated, from);
            if (to > keep) {
                out.setLength(keep);
            }
            out.seek(from);
            for (long at = from; at < Math.min(to, keep);) {
                int n = (int) Math.min(ZEROS.length, Math.min(to, keep) - at);
                out.write(ZEROS, 0, n);
                at += n;
            }
            out.seek(from);
            end = from;
        } catch (IOException e) {
            failure.addSuppressed(e);
            damaged = true;
            LOG.error("Journal file {}: a failed append could not be taken back ({}); it takes no more records",
                    file, e.toString());
        }
    }

    /** Whether the file appended to refuses records until the next {@link #rotate()}. */
    synchronized boolean damaged() {
        return damaged;
    }

    /** Whether nothing was appended since the last {@link #rotate()} (and the file is not damaged): none is due. */
    synchronized boolean empty() {
        return end == 0 && !damaged;
    }

    private static byte[] idRecord(byte type, long id) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(32);
        ByteBuffer payload = ByteBuffer.allocate(9).put(type).putLong(id);
        frame(bytes, payload.array());
        return bytes.toByteArray();
    }

    /**
     * Forces to disk everything appended before the call. A caller that had to wait for a force already under way
     * returns without one of its own when that force covered its appends (a completion behind a group commit).
     */
    void force() throws IOException {
        long target;
        synchronized (this) {
            target = appends;
        }
        synchronized (forceLock) {
            if (forcedUpTo >= target) {
                return;
            }
            forceHoldingForceLock();
        }
    }

    /** Appends may go on while the file is forced: they are forced by the next call. */
    private void forceHoldingForceLock() throws IOException {
        long covering;
        synchronized (this) {
            if (!dirty) {
                return;
            }
            dirty = false;
            covering = appends;
        }
        try {
            forceData();
            forcedUpTo = covering;
        } catch (IOException e) {
            synchronized (this) {
                dirty = true;
            }
            throw e;
        }
    }

    /**
     * {@code fdatasync} of the file appended to, holding forceLock. Not {@code FileDescriptor.sync()}, which is
     * {@code fsync}: a write changes the file's modification time (once per clock tick, 4 ms here), and fsync then
     * waits for the file system's journal to commit that, with whatever other metadata is pending; fdatasync skips
     * it, and over preallocated blocks it has no metadata left to wait for.
     *
     * <p>Measured on this machine (ext4 on a virtio disk, kernel 6.18, {@code bench/JournalForceCost.java}: a
     * 400-byte append and one force at a time, 1,000 to 2,000 per pass; ms, mean (p99), idle / beside 3 threads
     * that create, force and delete small files and force their directory, 2,100 to 3,500 files/s): append and
     * fsync (the journal before) 0.16-0.17 (0.3-0.7) / 0.27-0.39 (0.8-3.3); fsync over preallocated zeros
     * 0.11-0.15 (0.2-0.7) / 0.23-0.35 (0.6-1.3); fdatasync over them 0.10-0.17 (0.2-1.0) / 0.25-0.41 (0.5-1.5).
     * Within one pass, forces over preallocated zeros took 10 to 45 % less than after an append, with a shorter
     * tail in most passes (beside 6 such threads, the 2 cores saturated, the difference was lost in the noise).
     * fsync and fdatasync over preallocated blocks did not differ measurably on this disk, whose flushes and
     * journal commits are cheap, so the rule above decides.
     *
     * <p>A FileChannel's force gives up when its thread is interrupted and closes the channel: a caller of
     * {@link #force()} or {@link #commitDelete} may be interrupted (a canceled worker, a request at shutdown). The
     * interrupt is held back during the force and restored after; one that comes during it is survived on a fresh
     * channel (this one is used by nobody else: forceLock), and the force done again.
     */
    private void forceData() throws IOException {
        boolean interrupted = Thread.interrupted();
        try {
            for (int attempt = 1;; attempt++) {
                try {
                    forcer.force(false);
                    return;
                } catch (ClosedByInterruptException e) {
                    interrupted = true;
                    Thread.interrupted();
                    if (attempt == MAX_FORCE_ATTEMPTS) {
                        throw e;
                    }
                    forcer = FileChannel.open(file, StandardOpenOption.WRITE);
                    forcersReopened++;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    long forcersReopened() {
        synchronized (forceLock) {
            return forcersReopened;
        }
    }

    /** How many bytes of records the file appended to holds (its written part, not its preallocated length). */
    synchronized long size() {
        return end;
    }

    /**
     * Forces the current file and goes on in the next, prepared meanwhile: waits up to 2 s for it (or prepares it
     * again, if that failed), and fails, appending on in the current file, when it is not ready then.
     *
     * @return the files a checkpoint of the database started after this call makes obsolete
     */
    List<Path> rotate() throws IOException {
        synchronized (rotateLock) {
            if (closed) {
                throw new IOException("the journal is closed");
            }
            Path next = nextFile();
            synchronized (forceLock) {
                forceHoldingForceLock(); // appends go on meanwhile ...
                synchronized (this) {
                    if (dirty) {
                        forceData(); // ... and what they added is forced before the file is left
                        dirty = false;
                    }
                    forcedUpTo = appends;
                    open(next);
                }
            }
            spare = prepareAhead(sequence + 1);
            List<Path> old = new ArrayList<>();
            for (Path p : files(dir)) {
                if (Long.compareUnsigned(sequenceOf(p), sequenceOf(next)) < 0) {
                    old.add(p);
                }
            }
            return old;
        }
    }

    /** The prepared next file, holding rotateLock; if preparing it failed, it is prepared once more first. */
    private Path nextFile() throws IOException {
        for (int attempt = 1;; attempt++) {
            try {
                return Uninterruptibly.get(spare, PREPARE_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                throw new IOException("the next journal file was not ready within " + PREPARE_WAIT_SECONDS
                        + " s; records go on into " + file);
            } catch (ExecutionException e) {
                if (attempt == 2) {
                    throw new IOException("cannot prepare the next journal file: " + e.getCause(), e.getCause());
                }
                LOG.warn("The next journal file could not be prepared ({}); trying again", e.getCause().toString());
                spare = prepareAhead(sequence + 1);
            }
        }
    }

    /** Deletes files {@link #rotate()} returned, once the database has been forced. */
    void delete(List<Path> files) {
        for (Path p : files) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                LOG.warn("Cannot delete journal file {}: {}", p, e.toString());
            }
        }
    }

    /** Closes the file appended to, and deletes the prepared next one: it holds no record. */
    @Override
    public void close() throws IOException {
        synchronized (rotateLock) {
            if (closed) {
                return;
            }
            closed = true;
            try {
                synchronized (forceLock) {
                    synchronized (this) {
                        forcer.close();
                        out.close();
                    }
                }
            } finally {
                try {
                    Files.deleteIfExists(Uninterruptibly.get(spare, PREPARE_WAIT_SECONDS, TimeUnit.SECONDS));
                } catch (ExecutionException e) {
                    // none was prepared
                } catch (TimeoutException e) {
                    LOG.warn("The next journal file was still being prepared at close; it goes at the next start");
                }
                shutDownPreparer();
            }
        }
    }

    private void shutDownPreparer() {
        preparer.shutdown();
        Uninterruptibly.awaitTermination(preparer, PREPARE_WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /**
     * The jobs the journal files in {@code dir} would put back, oldest first: every insert not deleted after.
     * Whether the database already has them is for the caller to check.
     */
    static List<Entry> replay(Path dir) throws IOException {
        return read(dir).inserts();
    }

    /**
     * What the journal files in {@code dir} hold: the inserts not deleted after, oldest first, and for each job
     * not deleted after, its last updated row (documents left out). Whether the database already has them is for
     * the caller to check.
     */
    static Replay read(Path dir) throws IOException {
        Map<Long, Entry> inserted = new LinkedHashMap<>();
        Map<Long, Entry> deleted = new LinkedHashMap<>();
        Map<Long, Job> updated = new LinkedHashMap<>();
        Set<Long> gone = new HashSet<>();
        List<Path> torn = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return new Replay(List.of(), List.of(), List.of());
        }
        for (Path p : files(dir)) {
            try (InputStream in = Files.newInputStream(p)) {
                Frames frames = new Frames(new BufferedInputStream(in, 64 << 10), p);
                byte[] payload;
                while ((payload = frames.next()) != null) {
                    DataInputStream r = new DataInputStream(new java.io.ByteArrayInputStream(payload));
                    byte type = r.readByte();
                    if (type == INSERT) {
                        Entry e = readJob(r);
                        inserted.put(e.job().id(), e);
                    } else if (type == UPDATE) {
                        Job job = readJob(r).job();
                        updated.merge(job.id(), job, (a, b) -> b.revision() >= a.revision() ? b : a);
                    } else if (type == DELETE) {
                        long id = r.readLong();
                        gone.add(id);
                        Entry e = inserted.remove(id);
                        if (e != null) {
                            deleted.put(id, e);
                        }
                    } else if (type == UNDELETE) {
                        long id = r.readLong();
                        gone.remove(id);
                        Entry e = deleted.remove(id);
                        if (e != null) {
                            inserted.put(id, e);
                        }
                    } else {
                        LOG.warn("Journal {} has a record of unknown type {}; skipping it", p, type);
                    }
                }
                if (frames.torn) {
                    torn.add(p);
                }
            }
        }
        updated.keySet().removeAll(gone);
        return new Replay(new ArrayList<>(inserted.values()), new ArrayList<>(updated.values()), List.copyOf(torn));
    }

    /**
     * What {@link #read(Path)} found.
     *
     * @param torn the files whose records end in a torn or unreadable record (logged), rather than at the file's
     *        end or its zero tail
     */
    record Replay(List<Entry> inserts, List<Job> updates, List<Path> torn) {
    }

    /** The journal files in {@code dir}, oldest first. */
    static List<Path> files(Path dir) throws IOException {
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, p -> FILE.matcher(p.getFileName().toString())
                .matches())) {
            s.forEach(found::add);
        }
        found.sort((a, b) -> Long.compareUnsigned(sequenceOf(a), sequenceOf(b)));
        return found;
    }

    private static long sequenceOf(Path p) {
        Matcher m = FILE.matcher(p.getFileName().toString());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a journal file: " + p);
        }
        return Long.parseUnsignedLong(m.group(1), 16);
    }

    private static void frame(ByteArrayOutputStream out, byte[] payload) {
        CRC32C crc = new CRC32C();
        crc.update(payload);
        ByteBuffer header = ByteBuffer.allocate(HEADER).putInt(MAGIC).putInt(payload.length)
                .putInt((int) crc.getValue());
        out.writeBytes(header.array());
        out.writeBytes(payload);
    }

    /** One file's records in order, up to its end, its zero tail, or a torn record. */
    private static final class Frames {
        private final InputStream in;
        private final Path file;
        private long offset;
        /** Whether the records ended in a torn or unreadable one. */
        boolean torn;

        Frames(InputStream in, Path file) {
            this.in = in;
            this.file = file;
        }

        /** @return the next payload, or null at the end of the records */
        byte[] next() throws IOException {
            byte[] header = in.readNBytes(HEADER);
            if (isZero(header, header.length)) {
                // the preallocated rest, or the end of a file that grew past it; anything but zeros after a zero
                // header is a record whose start never reached the disk (and nothing of it is read)
                if (header.length == HEADER && !zerosToTheEnd()) {
                    return torn("a record whose header never reached the disk");
                }
                return null;
            }
            ByteBuffer h = ByteBuffer.wrap(header);
            if (header.length < HEADER) {
                return torn("a torn header");
            }
            int magic = h.getInt();
            int length = h.getInt();
            int crc = h.getInt();
            if (magic != MAGIC || length < 1 || length > MAX_RECORD) {
                return torn("an unreadable header");
            }
            byte[] payload = in.readNBytes(length);
            CRC32C check = new CRC32C();
            check.update(payload);
            if (payload.length != length || (int) check.getValue() != crc) {
                return torn("a torn record");
            }
            offset += HEADER + length;
            return payload;
        }

        private byte[] torn(String what) {
            LOG.warn("Journal {} ends in {} at offset {} (a write a crash cut short, never acknowledged); what "
                    + "follows is ignored", file, what, offset);
            torn = true;
            return null;
        }

        private boolean zerosToTheEnd() throws IOException {
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) > 0) {
                if (!isZero(buffer, n)) {
                    return false;
                }
            }
            return true;
        }

        private static boolean isZero(byte[] bytes, int length) {
            for (int i = 0; i < length; i++) {
                if (bytes[i] != 0) {
                    return false;
                }
            }
            return true;
        }
    }

    private static byte[] jobRecord(byte type, Job job, List<SpooledDocument> documents) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
            DataOutputStream w = new DataOutputStream(bytes);
            w.writeByte(type);
            w.writeLong(job.id());
            w.writeLong(job.revision());
            string(w, job.token());
            string(w, job.name());
            string(w, job.owner());
            string(w, job.origin());
            string(w, job.project().orElse(null));
            string(w, job.account().orElse(null));
            w.writeBoolean(job.favourite());
            string(w, job.deviceId());
            string(w, job.state().keyword());
            string(w, JobRows.encodeReasons(job.stateReasons()));
            string(w, job.stateMessage());
            string(w, TicketJson.write(job.ticket()));
            w.writeInt(job.pageCount());
            w.writeInt(job.colorPageCount());
            w.writeInt(job.pagesCompleted());
            string(w, job.cost().map(BigDecimal::toString).orElse(null));
            instant(w, job.createdAt());
            instant(w, job.processingAt().orElse(null));
            instant(w, job.completedAt().orElse(null));
            instant(w, job.updatedAt());
            instant(w, job.holdUntil().orElse(null));
            w.writeInt(job.attempts());
            w.writeInt(documents.size());
            for (int i = 0; i < documents.size(); i++) {
                SpooledDocument d = documents.get(i);
                string(w, d.name());
                string(w, d.mimeType());
                w.writeLong(d.size());
                string(w, d.sha256());
                string(w, d.location());
            }
            w.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("cannot happen writing to memory", e);
        }
    }

    private static Entry readJob(DataInputStream r) throws IOException {
        Job.Builder b = Job.builder().id(r.readLong()).revision(r.readLong()).token(string(r)).name(string(r))
                .owner(string(r)).origin(string(r)).project(string(r)).account(string(r)).favourite(r.readBoolean())
                .deviceId(string(r)).state(JobState.parse(string(r))).stateReasons(JobRows.decodeReasons(string(r)))
                .stateMessage(string(r)).ticket(TicketJson.read(string(r))).pageCount(r.readInt())
                .colorPageCount(r.readInt()).pagesCompleted(r.readInt());
        String cost = string(r);
        b.cost(cost == null ? null : new BigDecimal(cost)).createdAt(instant(r)).processingAt(instant(r))
                .completedAt(instant(r)).updatedAt(instant(r)).holdUntil(instant(r)).attempts(r.readInt());
        int count = r.readInt();
        List<DocumentInfo> infos = new ArrayList<>(count);
        List<String> locations = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            infos.add(new DocumentInfo(i, string(r), string(r), r.readLong(), string(r)));
            locations.add(string(r));
        }
        return new Entry(b.documents(infos).build(), locations);
    }

    private static void string(DataOutputStream w, String s) throws IOException {
        if (s == null) {
            w.writeInt(-1);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        w.writeInt(b.length);
        w.write(b);
    }

    private static String string(DataInputStream r) throws IOException {
        int n = r.readInt();
        if (n < 0) {
            return null;
        }
        if (n > MAX_RECORD) {
            throw new IOException("string of " + n + " bytes in a journal record");
        }
        return new String(r.readNBytes(n), StandardCharsets.UTF_8);
    }

    private static void instant(DataOutputStream w, Instant t) throws IOException {
        w.writeBoolean(t != null);
        if (t != null) {
            w.writeLong(t.getEpochSecond());
            w.writeInt(t.getNano());
        }
    }

    private static Instant instant(DataInputStream r) throws IOException {
        return r.readBoolean() ? Instant.ofEpochSecond(r.readLong(), r.readInt()) : null;
    }
}
