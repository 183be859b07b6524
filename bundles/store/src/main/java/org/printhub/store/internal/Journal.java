package org.printhub.store.internal;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * An append-only log of new jobs, forced once per group commit. With H2 it takes the place of forcing the
 * database, which writes a chunk and its metadata (two forces of a random-access file); appending a few hundred
 * bytes to a sequential file and forcing it is one. The database is forced now and then ({@link #rotate()}, then
 * a checkpoint, then {@link #delete(List)}), and at open the jobs the database lost are put back from here.
 *
 * <p>Records: {@code INSERT} (the job as accepted, with its documents' spool locations), {@code DELETE} (written
 * before the row is deleted) and {@code UNDELETE} (the delete did not happen). Replaying them puts back the jobs
 * the database does not have, unless they were deleted since. Each record is framed with its length and a CRC;
 * a torn tail (a crash during an append that was never acknowledged) ends a file.
 *
 * <p>Thread-safe: appends, forces and rotations are serialised.
 */
final class Journal implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);
    private static final Pattern FILE = Pattern.compile("journal-([0-9a-f]{16})\\.log");
    private static final int MAGIC = 0x50484a31; // "PHJ1"
    private static final int MAX_RECORD = 16 << 20;
    private static final byte INSERT = 1;
    private static final byte DELETE = 2;
    private static final byte UNDELETE = 3;

    private final Path dir;
    private long sequence;
    private Path file;
    private FileChannel channel;
    private boolean dirty;

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
        channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        Spool.forceDirectory(dir);
    }

    /**
     * Appends inserts of new jobs and forces them to disk. If that fails, they are cut off again: the callers
     * hear no, so the jobs must not come back at the next start.
     */
    synchronized void commitInserts(List<Job> jobs, List<List<SpooledDocument>> documents) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512 * jobs.size());
        for (int i = 0; i < jobs.size(); i++) {
            frame(bytes, insertRecord(jobs.get(i), documents.get(i)));
        }
        long before = channel.position();
        write(bytes.toByteArray());
        try {
            force();
        } catch (IOException e) {
            try {
                channel.truncate(before);
                channel.position(before);
                channel.force(false);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * Written and forced before a job's row is deleted: the database may write the deletion on its own at any
     * time, and a crash must not then bring the job back from its insert in here.
     */
    synchronized void commitDelete(long id) throws IOException {
        write(idRecord(DELETE, id));
        force();
    }

    /** The delete announced by {@link #commitDelete(long)} did not happen. */
    synchronized void commitUndelete(long id) throws IOException {
        write(idRecord(UNDELETE, id));
        force();
    }

    private void write(byte[] framed) throws IOException {
        long before = channel.position();
        try {
            ByteBuffer b = ByteBuffer.wrap(framed);
            while (b.hasRemaining()) {
                channel.write(b);
            }
        } catch (IOException e) {
            // nothing half-written may be read back as a record
            channel.truncate(before);
            channel.position(before);
            throw e;
        }
        dirty = true;
    }

    private static byte[] idRecord(byte type, long id) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(32);
        ByteBuffer payload = ByteBuffer.allocate(9).put(type).putLong(id);
        frame(bytes, payload.array());
        return bytes.toByteArray();
    }

    /** Forces what was appended to disk. */
    synchronized void force() throws IOException {
        if (dirty) {
            channel.force(false);
            dirty = false;
        }
    }

    synchronized long size() throws IOException {
        return channel.size();
    }

    /**
     * Forces the current file and starts a new one for what follows.
     *
     * @return the files a checkpoint of the database started after this call makes obsolete
     */
    synchronized List<Path> rotate() throws IOException {
        force();
        channel.close();
        List<Path> old = new ArrayList<>();
        for (Path p : files(dir)) {
            old.add(p);
        }
        openNext();
        return old;
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
    public synchronized void close() throws IOException {
        channel.close();
    }

    /**
     * The jobs the journal files in {@code dir} would put back, oldest first: every insert not deleted after.
     * Whether the database already has them is for the caller to check.
     */
    static List<Entry> replay(Path dir) throws IOException {
        Map<Long, Entry> inserted = new LinkedHashMap<>();
        Map<Long, Entry> deleted = new LinkedHashMap<>();
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        for (Path p : files(dir)) {
            try (InputStream in = Files.newInputStream(p)) {
                DataInputStream data = new DataInputStream(in);
                byte[] payload;
                while ((payload = readFrame(data, p)) != null) {
                    DataInputStream r = new DataInputStream(new java.io.ByteArrayInputStream(payload));
                    byte type = r.readByte();
                    if (type == INSERT) {
                        Entry e = readInsert(r);
                        inserted.put(e.job().id(), e);
                    } else if (type == DELETE) {
                        long id = r.readLong();
                        Entry e = inserted.remove(id);
                        if (e != null) {
                            deleted.put(id, e);
                        }
                    } else if (type == UNDELETE) {
                        long id = r.readLong();
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
        return new ArrayList<>(inserted.values());
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

    private static byte[] insertRecord(Job job, List<SpooledDocument> documents) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
            DataOutputStream w = new DataOutputStream(bytes);
            w.writeByte(INSERT);
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

    private static Entry readInsert(DataInputStream r) throws IOException {
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
