package org.printhub.store.internal;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * database does not have, unless they were deleted since, and the changes it lost. Each record is framed with its length and a CRC;
 * a torn tail (a crash during an append that was never acknowledged) ends a file.
 *
 * <p>Thread-safe: appends are serialised, and forces and rotations among themselves; an append never waits for a
 * force in progress.
 */
final class Journal implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);
    private static final Pattern FILE = Pattern.compile("journal-([0-9a-f]{16})\\.log");
    private static final int MAGIC = 0x50484a31; // "PHJ1"
    private static final int MAX_RECORD = 16 << 20;
    private static final byte INSERT = 1;
    private static final byte DELETE = 2;
    private static final byte UNDELETE = 3;
    private static final byte UPDATE = 4;

    private final Path dir;
    private long sequence;
    private Path file;
    /**
     * java.io rather than a FileChannel: a thread interrupted while it appends (a canceled job's worker, a
     * request thread at shutdown) would close a channel for everyone.
     */
    private RandomAccessFile out;
    /** Held while forcing (and by whoever must not interleave with a force), always before this object's lock. */
    private final Object forceLock = new Object();
    private boolean dirty;
    /** Records appended so far, and how many of them the last completed force covered (guarded by forceLock). */
    private long appends;
    private long forcedUpTo;

    /** A job to put back: the job as inserted, and its documents' spool locations in order. */
    record Entry(Job job, List<String> locations) {
    }

    /** Opens a new journal file in {@code dir} after the ones already there (which {@link #replay} reads). */
    Journal(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
        long last = -1;
        for (Path p : files(dir)) {
            last = Math.max(last, sequenceOf(p));
        }
        this.sequence = last + 1;
        openNext();
    }

    private void openNext() throws IOException {
        file = dir.resolve(String.format("journal-%016x.log", sequence++));
        if (Files.exists(file)) {
            throw new IOException("journal file " + file + " exists already");
        }
        out = new RandomAccessFile(file.toFile(), "rw");
        Spool.forceDirectory(dir);
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
                before = out.getFilePointer();
                write(bytes.toByteArray());
                mark = appends;
            }
            try {
                forceHoldingForceLock();
            } catch (IOException e) {
                synchronized (this) {
                    try {
                        if (appends == mark) {
                            out.setLength(before);
                            out.seek(before);
                        } else {
                            for (Job job : jobs) {
                                write(idRecord(DELETE, job.id()));
                            }
                        }
                        out.getFD().sync();
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
        long before = out.getFilePointer();
        try {
            out.write(framed);
        } catch (IOException e) {
            // nothing half-written may be read back as a record
            out.setLength(before);
            out.seek(before);
            throw e;
        }
        appends++;
        dirty = true;
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
        FileDescriptor fd;
        long covering;
        synchronized (this) {
            if (!dirty) {
                return;
            }
            dirty = false;
            fd = out.getFD();
            covering = appends;
        }
        try {
            fd.sync();
            forcedUpTo = covering;
        } catch (IOException e) {
            synchronized (this) {
                dirty = true;
            }
            throw e;
        }
    }

    synchronized long size() throws IOException {
        return out.length();
    }

    /**
     * Forces the current file and starts a new one for what follows.
     *
     * @return the files a checkpoint of the database started after this call makes obsolete
     */
    List<Path> rotate() throws IOException {
        synchronized (forceLock) {
            synchronized (this) {
                if (dirty) {
                    out.getFD().sync();
                    dirty = false;
                }
                forcedUpTo = appends;
                out.close();
                List<Path> old = new ArrayList<>(files(dir));
                openNext();
                return old;
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

    @Override
    public void close() throws IOException {
        synchronized (forceLock) {
            synchronized (this) {
                out.close();
            }
        }
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
        if (!Files.isDirectory(dir)) {
            return new Replay(List.of(), List.of());
        }
        for (Path p : files(dir)) {
            try (InputStream in = Files.newInputStream(p)) {
                DataInputStream data = new DataInputStream(new BufferedInputStream(in));
                byte[] payload;
                while ((payload = readFrame(data, p)) != null) {
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
            }
        }
        updated.keySet().removeAll(gone);
        return new Replay(new ArrayList<>(inserted.values()), new ArrayList<>(updated.values()));
    }

    /** What {@link #read(Path)} found. */
    record Replay(List<Entry> inserts, List<Job> updates) {
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
        ByteBuffer header = ByteBuffer.allocate(12).putInt(MAGIC).putInt(payload.length).putInt((int) crc.getValue());
        out.writeBytes(header.array());
        out.writeBytes(payload);
    }

    /** @return the next payload, or null at the end or at a torn or corrupt tail */
    private static byte[] readFrame(DataInputStream in, Path file) throws IOException {
        int magic;
        try {
            magic = in.readInt();
        } catch (EOFException e) {
            return null;
        }
        try {
            int length = in.readInt();
            int crc = in.readInt();
            if (magic != MAGIC || length < 1 || length > MAX_RECORD) {
                LOG.warn("Journal {} ends in an unreadable record; what follows it is ignored", file);
                return null;
            }
            byte[] payload = in.readNBytes(length);
            CRC32C check = new CRC32C();
            check.update(payload);
            if (payload.length != length || (int) check.getValue() != crc) {
                LOG.warn("Journal {} ends in a torn record (never acknowledged); it is ignored", file);
                return null;
            }
            return payload;
        } catch (EOFException e) {
            LOG.warn("Journal {} ends in a torn record (never acknowledged); it is ignored", file);
            return null;
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
