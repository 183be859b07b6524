package org.printhub.api.scriptx.internal;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;

import org.printhub.api.scriptx.internal.ScriptxJobs.Area;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;

/**
 * The durable intake of printHtml and printPdf: an append-only journal of {@link IntakeRecord}s in
 * {@code <dir>/journal-<sequence>.log} segments, which holds what is needed to prepare a job again until the core
 * has it.
 * <p>
 * One thread, the journal's writer, appends every frame and forces the segment ({@code fdatasync}) once for all the
 * frames queued while it was writing or forcing the last batch (group commit); {@link #write} returns once the
 * force covering its frame is done. A frame is {@code magic, kind, length, CRC-32C} and a record's JSON (or, for a
 * removal, its token). A removal is not forced: a record that comes back after a crash belongs to a job the core
 * already has (found by its token at start) or to an ended one past its retention, and both are dropped again.
 * <p>
 * Segments roll at {@code segmentBytes}; the oldest is dropped once none of its records is live, or, once at least
 * half of its bytes are dead, after its live frames are copied to the newest segment and forced. Only the oldest is
 * ever dropped, so a removal or an ended record is always in a segment newer than the record it supersedes.
 * Each start writes to a new segment: a tail torn by a crash (never acknowledged) is logged and left behind, and
 * records of the one-file-per-job format of before the journal are moved into the journal.
 * Files and the directory are owner-only: a record may hold a cookie the fetch after a restart needs.
 */
final class Intake implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Intake.class);
    static final long DEFAULT_SEGMENT_BYTES = 8L << 20;
    private static final Pattern SEGMENT = Pattern.compile("journal-([0-9a-f]{16})\\.log");
    private static final int FRAME_MAGIC = 0x53584a31; // "SXJ1"
    /** magic, kind (1 byte), payload length, CRC-32C of kind, length and payload. */
    private static final int FRAME_HEADER = 4 + 1 + 4 + 4;
    private static final byte RECORD = 1;
    private static final byte REMOVED = 2;
    /** Frames up to this size are built by the calling thread; larger ones are streamed by the writer. */
    private static final int INLINE_BYTES = 256 * 1024;
    private static final int BATCH = 1024;
    // the one-file-per-job records of before the journal, read at start and moved into it
    private static final String LEGACY_MAGIC = "scriptx-intake " + IntakeRecord.VERSION + " ";
    private static final int LEGACY_HEADER_BYTES = LEGACY_MAGIC.length() + 16 + 1 + 8 + 1;
    private static final Pattern LEGACY_NAME = Pattern.compile("([0-9a-f]{32})\\.(html|pdf)");
    private static final String TEMPORARY_SUFFIX = ".tmp";
    private static final String DAMAGED_SUFFIX = ".damaged";
    // HTML is written as it is (Gson would escape each < as six characters): a record stays about its request's size
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();
    private static final TypeAdapter<JsonElement> JSON = GSON.getAdapter(JsonElement.class);
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    /** A record that cannot be trusted: torn, changed, or not a record at all. */
    static final class DamagedRecordException extends IOException {
        private static final long serialVersionUID = 1L;

        DamagedRecordException(String message) {
            super(message);
        }
    }

    /** What the start found: records to prepare again or that ended, and the jobs of damaged ones. */
    record Found(List<IntakeRecord> records, List<Damaged> damaged) {
    }

    /** A damaged record's job, when its file name still says which it was. */
    record Damaged(String token, Area area) {
    }

    /** A journal file; its bookkeeping is the writer's (and the constructor's, before the writer starts). */
    private static final class Segment {
        final long sequence;
        final Path path;
        final FileChannel channel;
        /** Where its records end (its zeros, or a damaged frame, begin). */
        long size;
        final Set<String> live = new HashSet<>();
        long liveBytes;
        /** A frame in it could not be read at start, or a failed append could not be taken back. */
        boolean damaged;

        Segment(long sequence, Path path, FileChannel channel) {
            this.sequence = sequence;
            this.path = path;
            this.channel = channel;
        }
    }

    /** Where a live record's frame is. */
    private record Location(Segment segment, long offset, long frameBytes) {
    }

    /** Work for the writer: one frame appended, or a removal. */
    private record Op(String token, Area area, byte[] frame, IntakeRecord streamed, CompletableFuture<Void> done) {
        boolean durable() {
            return done != null;
        }
    }

    private static final Op STOP = new Op(null, null, null, null, null);

    private final Path dir;
    private final long maxRecordBytes;
    private final long segmentBytes;
    private final Found found;
    /** Live records by token: written by the writer, read by {@link #read}. */
    private final Map<String, Location> live = new ConcurrentHashMap<>();
    /** Oldest first; the last is the one appended to. The writer's. */
    private final ArrayDeque<Segment> segments = new ArrayDeque<>();
    private final BlockingQueue<Op> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    /** Zero-fills the next segment while the current one takes records: a roll does not hold up the appends. */
    private final ExecutorService preallocator = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "scriptx-intake-preallocate");
        t.setDaemon(true);
        return t;
    });
    /** The next segment, being prepared. The writer's. */
    private CompletableFuture<Segment> standby;
    /** The ops the writer is working on. The writer's. */
    private final List<Op> batch = new ArrayList<>();
    private volatile boolean closed;
    /** Set when the writer stops; an op queued later is failed by the writer's last drain or takes itself back. */
    private volatile boolean writerDone;
    private final AtomicLong batchForces = new AtomicLong();

    /**
     * Reads the journal (and records of the earlier format) back, starts a new segment and the writer.
     *
     * @param dir the intake directory, created owner-only if missing
     * @param maxRecordBytes the largest record written or read: the request limit and room for the rest
     * @param segmentBytes the size at which the journal rolls to a new segment
     */
    Intake(Path dir, long maxRecordBytes, long segmentBytes) throws IOException {
        this.dir = dir;
        this.maxRecordBytes = maxRecordBytes;
        this.segmentBytes = segmentBytes;
        Files.createDirectories(dir);
        if (POSIX) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
        try {
            this.found = recover();
        } catch (IOException | RuntimeException e) {
            segments.forEach(s -> closeQuietly(s.channel));
            preallocator.shutdown();
            throw e;
        }
        standby = prepareNext(current().sequence + 1);
        writer = new Thread(this::writeLoop, "scriptx-intake-journal");
        writer.setDaemon(true);
        writer.start();
    }

    Intake(Path dir, long maxRecordBytes) throws IOException {
        this(dir, maxRecordBytes, DEFAULT_SEGMENT_BYTES);
    }

    /** How many forces acknowledged records so far: one per batch, however many records it held. */
    long batchForces() {
        return batchForces.get();
    }

    /** What the start found (the same answer on every call). */
    Found found() {
        return found;
    }

    /**
     * Writes a record for good: when this returns it survives a crash. A record of a token already in the journal
     * (an ended one) replaces it.
     */
    void write(IntakeRecord record) throws IOException {
        byte[] frame = inlineFrame(record);
        CompletableFuture<Void> done = new CompletableFuture<>();
        enqueue(new Op(record.token(), record.area(), frame, frame == null ? record : null, done));
        awaitUninterruptibly(done);
    }

    /**
     * Reads a record whole. The content comes back in memory (it came in the request's JSON, and the renderer
     * takes HTML as text).
     *
     * @throws NoSuchFileException if there is none
     * @throws DamagedRecordException if it cannot be trusted
     */
    IntakeRecord read(String token, Area area) throws IOException {
        Location previous = null;
        while (true) {
            Location at = live.get(token);
            if (at == null) {
                throw new NoSuchFileException(token + "." + area.name().toLowerCase(Locale.ROOT),
                        null, "no intake record");
            }
            // a channel of its own: a worker interrupted by a canceljob must not close the journal's
            try (FileChannel ch = FileChannel.open(at.segment().path, StandardOpenOption.READ)) {
                IntakeRecord r = readRecord(ch, at.offset(), at.frameBytes());
                if (!r.token().equals(token) || r.area() != area) {
                    throw new DamagedRecordException("the record names another job");
                }
                return r;
            } catch (NoSuchFileException e) {
                if (at.equals(previous)) {
                    throw e;
                }
                previous = at; // its segment was dropped after the record was copied: read the copy
            }
        }
    }

    /**
     * The job is the core's now, or forgotten: its record goes. Queued, not awaited and not forced (see the class
     * comment); it takes effect in order with the writes, before any write queued after it returns.
     */
    void remove(String token, Area area) throws IOException {
        enqueue(new Op(token, area, null, null, null));
    }

    /** As {@link #remove}, for callers with nothing to do about a failure. */
    void forget(String token, Area area) {
        try {
            remove(token, area);
        } catch (IOException e) {
            LOG.debug("cannot remove ScriptX intake record {}: {}", token, e.getMessage());
        }
    }

    /** Writes what is queued, stops the writer and closes the journal; records stay for the next start. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        queue.add(STOP);
        boolean interrupted = false;
        while (writer.isAlive()) {
            try {
                writer.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        segments.forEach(s -> closeQuietly(s.channel));
        try {
            Segment unused = standby.join();
            closeQuietly(unused.channel);
            Files.deleteIfExists(unused.path);
        } catch (CompletionException | IOException e) {
            LOG.debug("the ScriptX intake's standby segment: {}", e.toString());
        }
        preallocator.shutdown();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Without a lock (request threads meet here): an op queued after the writer's last drain takes itself back. */
    private void enqueue(Op op) throws IOException {
        if (closed) {
            throw closedException();
        }
        queue.add(op);
        if (writerDone && queue.remove(op)) {
            throw closedException();
        }
    }

    private static IOException closedException() {
        return new IOException("the ScriptX intake is closed (the surface is stopping)");
    }

    private static void awaitUninterruptibly(CompletableFuture<Void> done) throws IOException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    done.get();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true; // the record may be on its way to disk: its answer is awaited
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof IOException io) {
                        throw new IOException(io.getMessage(), io);
                    }
                    throw new IOException("the ScriptX intake failed: " + e.getCause(), e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ---- the writer

    private void writeLoop() {
        try {
            writeBatches();
        } catch (RuntimeException | Error e) {
            LOG.error("the ScriptX intake journal's writer failed: no print is accepted until the surface restarts", e);
            throw e;
        } finally {
            writerDone = true;
            for (Op op : batch) {
                if (op.durable()) {
                    op.done().completeExceptionally(closedException()); // no-op for those already answered
                }
            }
            for (Op op; (op = queue.poll()) != null;) {
                if (op.durable()) {
                    op.done().completeExceptionally(closedException());
                }
            }
        }
    }

    private void writeBatches() {
        boolean stop = false;
        while (!stop) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                continue; // nobody interrupts the writer; only STOP ends it
            }
            queue.drainTo(batch, BATCH - 1);
            List<Op> toForce = new ArrayList<>();
            for (Op op : batch) {
                if (op == STOP) {
                    stop = true;
                    continue;
                }
                try {
                    apply(op);
                    if (op.durable()) {
                        toForce.add(op);
                    }
                } catch (IOException | RuntimeException e) {
                    if (op.durable()) {
                        op.done().completeExceptionally(e);
                    } else {
                        LOG.warn("the removal of ScriptX intake record {} was not written: {}", shortToken(op),
                                e.toString());
                    }
                }
            }
            if (!toForce.isEmpty()) {
                try {
                    current().channel.force(false);
                    batchForces.incrementAndGet();
                    toForce.forEach(op -> op.done().complete(null));
                } catch (IOException e) {
                    LOG.warn("the ScriptX intake journal {} could not be forced: {}", current().path, e.toString());
                    // not acknowledged: taken out of the live set, so that no worker prepares it in this run
                    for (Op op : toForce) {
                        unlive(op.token());
                        op.done().completeExceptionally(e);
                    }
                }
            }
            batch.clear();
            try {
                if (current().size >= segmentBytes || current().damaged) {
                    roll();
                }
                compact();
            } catch (IOException | RuntimeException e) {
                LOG.warn("the ScriptX intake journal could not roll or compact: {}", e.toString());
            }
        }
    }

    private Segment current() {
        return segments.getLast();
    }

    private void apply(Op op) throws IOException {
        if (op.frame() == null && op.streamed() == null) {
            if (live.containsKey(op.token())) {
                Segment s = current();
                append(s, frame(REMOVED, removal(op.token(), op.area())));
                unlive(op.token());
            }
            return;
        }
        Segment s = current();
        if (s.damaged) {
            s = roll();
        }
        long offset = s.size;
        long bytes = op.frame() != null ? append(s, op.frame()) : appendStreamed(s, op.streamed());
        unlive(op.token());
        makeLive(op.token(), new Location(s, offset, bytes));
    }

    /** @return the frame's size */
    private long append(Segment s, byte[] frame) throws IOException {
        long offset = s.size;
        try {
            writeFully(s.channel, ByteBuffer.wrap(frame), offset);
        } catch (IOException e) {
            takeBack(s, offset, offset + frame.length);
            throw e;
        }
        s.size = offset + frame.length;
        return frame.length;
    }

    /** A record too large to build in memory first: JSON streamed into the segment, the header written after. */
    private long appendStreamed(Segment s, IntakeRecord record) throws IOException {
        long offset = s.size;
        long[] length = new long[1];
        try {
            CRC32C crc = new CRC32C();
            OutputStream body = new OutputStream() {
                private long at = offset + FRAME_HEADER;

                @Override
                public void write(int b) throws IOException {
                    write(new byte[] { (byte) b }, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    checkSize(length[0] + len);
                    crc.update(b, off, len);
                    length[0] += len; // counted before the write: a failed write is zeroed too
                    writeFully(s.channel, ByteBuffer.wrap(b, off, len), at);
                    at += len;
                }
            };
            writeJson(record, new BufferedOutputStream(body, 64 * 1024));
            ByteBuffer header = ByteBuffer.allocate(FRAME_HEADER);
            header.putInt(FRAME_MAGIC).put(RECORD).putInt((int) length[0]);
            header.putInt((int) crcOf(RECORD, (int) length[0], crc));
            writeFully(s.channel, header.flip(), offset);
            s.size = offset + FRAME_HEADER + length[0];
            return FRAME_HEADER + length[0];
        } catch (IOException | RuntimeException e) {
            takeBack(s, offset, offset + FRAME_HEADER + length[0]);
            throw e;
        }
    }

    /**
     * After a failed append: what it wrote is zeroed again (the segment's end, as preallocated), or, if it cannot be,
     * the segment is no longer appended to.
     */
    private void takeBack(Segment s, long offset, long end) {
        try {
            writeZeros(s.channel, offset, end);
        } catch (IOException e) {
            LOG.warn("ScriptX intake journal {}: a failed append could not be taken back ({}); the journal goes on in "
                    + "a new segment", s.path, e.toString());
            s.damaged = true;
        }
    }

    private void makeLive(String token, Location at) {
        live.put(token, at);
        at.segment().live.add(token);
        at.segment().liveBytes += at.frameBytes();
    }

    private void unlive(String token) {
        Location old = live.remove(token);
        if (old != null) {
            old.segment().live.remove(token);
            old.segment().liveBytes -= old.frameBytes();
        }
    }

    /** Forces the segment appended to and starts a new one. */
    private Segment roll() throws IOException {
        Segment old = current();
        old.channel.force(false);
        Segment next;
        try {
            next = standby.join();
        } catch (CompletionException e) {
            LOG.warn("the next ScriptX intake journal segment could not be prepared ahead ({}); preparing it now",
                    e.getCause().toString());
            next = createSegment(old.sequence + 1);
        }
        segments.addLast(next);
        standby = prepareNext(next.sequence + 1);
        return next;
    }

    private CompletableFuture<Segment> prepareNext(long sequence) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return createSegment(sequence);
            } catch (IOException e) {
                throw new CompletionException(e);
            }
        }, preallocator);
    }

    /**
     * Drops the oldest segments while they are dead, or at least half dead after their live frames are copied to
     * the newest; never the newest.
     */
    private void compact() throws IOException {
        while (segments.size() > 1) {
            Segment oldest = segments.getFirst();
            if (!oldest.live.isEmpty()) {
                if (oldest.liveBytes * 2 > oldest.size) {
                    return;
                }
                Segment to = current();
                for (String token : List.copyOf(oldest.live)) {
                    Location from = live.get(token);
                    long offset = to.size;
                    copy(from, to);
                    unlive(token);
                    makeLive(token, new Location(to, offset, from.frameBytes()));
                }
                to.channel.force(false); // the copies are on disk before their originals go
            }
            segments.removeFirst();
            drop(oldest);
        }
    }

    private void copy(Location from, Segment to) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(from.frameBytes(), 64 * 1024));
        long offset = to.size;
        long done = 0;
        try {
            while (done < from.frameBytes()) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), from.frameBytes() - done));
                while (buffer.hasRemaining()) {
                    if (from.segment().channel.read(buffer, from.offset() + done + buffer.position()) < 0) {
                        throw new IOException("the journal segment " + from.segment().path + " ends early");
                    }
                }
                writeFully(to.channel, buffer.flip(), offset + done);
                done += buffer.limit();
            }
        } catch (IOException e) {
            takeBack(to, offset, offset + from.frameBytes());
            throw e;
        }
        to.size = offset + done;
    }

    private void drop(Segment s) throws IOException {
        closeQuietly(s.channel);
        if (s.damaged) {
            Path aside = dir.resolve(s.path.getFileName() + DAMAGED_SUFFIX);
            move(s.path, aside);
            LOG.info("ScriptX intake journal {} holds nothing live any more; kept as {} (it had a damaged frame)",
                    s.path, aside);
        } else {
            Files.deleteIfExists(s.path);
        }
    }

    /**
     * A new segment, written full of zeros and forced first: an append then overwrites blocks already on disk, so
     * its force ({@code fdatasync}) has no file size or block allocation to journal and does not wait for the file
     * system's journal commit, which the core's and other files' forces share. The end of the records is where the
     * zeros begin.
     */
    private Segment createSegment(long sequence) throws IOException {
        Path path = dir.resolve(String.format(Locale.ROOT, "journal-%016x.log", sequence));
        FileChannel channel = createOwnerOnly(path);
        try {
            writeZeros(channel, 0, segmentBytes);
            channel.force(false);
        } catch (IOException e) {
            closeQuietly(channel);
            Files.deleteIfExists(path);
            throw e;
        }
        forceDirectory(); // the file's name is on disk before any record in it is acknowledged
        return new Segment(sequence, path, channel);
    }

    private static void writeZeros(FileChannel ch, long from, long to) throws IOException {
        ByteBuffer zeros = ByteBuffer.allocate((int) Math.min(Math.max(to - from, 0), 1 << 20));
        for (long at = from; at < to; at += zeros.limit()) {
            zeros.clear().limit((int) Math.min(zeros.capacity(), to - at));
            writeFully(ch, zeros, at);
        }
    }

    /** Whether the channel holds only zeros from {@code from} to its end: the preallocated rest of a segment. */
    private static boolean zerosFrom(FileChannel ch, long from) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(64 * 1024);
        long size = ch.size();
        for (long at = from; at < size;) {
            b.clear();
            int n = ch.read(b, at);
            if (n < 0) {
                break;
            }
            for (int i = 0; i < n; i++) {
                if (b.get(i) != 0) {
                    return false;
                }
            }
            at += n;
        }
        return true;
    }

    // ---- frames

    /** The record's frame, or null if it is larger than {@link #INLINE_BYTES} (the writer streams it). */
    private byte[] inlineFrame(IntakeRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(2048) {
            @Override
            public void write(byte[] b, int off, int len) {
                if (count + len > INLINE_BYTES) {
                    throw new InlineOverflow();
                }
                super.write(b, off, len);
            }
        };
        try {
            writeJson(record, out);
        } catch (InlineOverflow e) {
            return null;
        }
        checkSize(out.size());
        return frame(RECORD, out.toByteArray());
    }

    private static final class InlineOverflow extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InlineOverflow() {
            super(null, null, false, false);
        }
    }

    private void checkSize(long payloadBytes) throws IOException {
        if (FRAME_HEADER + payloadBytes > maxRecordBytes) {
            throw new IOException("the job is larger than the " + maxRecordBytes + " bytes an intake record may hold");
        }
    }

    private static void writeJson(IntakeRecord record, OutputStream out) throws IOException {
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        JsonWriter json = new JsonWriter(writer);
        json.setSerializeNulls(false);
        JSON.write(json, record.toJson());
        json.flush();
    }

    private static byte[] removal(String token, Area area) {
        JsonObject o = new JsonObject();
        o.addProperty("token", token);
        o.addProperty("area", area.name().toLowerCase(Locale.ROOT));
        return o.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] frame(byte kind, byte[] payload) {
        CRC32C crc = new CRC32C();
        crc.update(payload);
        return ByteBuffer.allocate(FRAME_HEADER + payload.length).putInt(FRAME_MAGIC).put(kind)
                .putInt(payload.length).putInt((int) crcOf(kind, payload.length, crc)).put(payload).array();
    }

    /** The checksum of a frame: its payload's, then its kind and length. */
    private static long crcOf(byte kind, int length, CRC32C payloadCrc) {
        CRC32C crc = new CRC32C();
        crc.update(ByteBuffer.allocate(8).putLong(payloadCrc.getValue()).array());
        crc.update(ByteBuffer.allocate(5).put(kind).putInt(length).array());
        return crc.getValue();
    }

    /** A frame's header, checked against the segment's size. */
    private record Header(byte kind, int length, long crc) {
    }

    private Header readHeader(FileChannel ch, long offset, long end) throws IOException {
        if (end - offset < FRAME_HEADER) {
            throw new DamagedRecordException("a frame's header is cut short");
        }
        ByteBuffer b = ByteBuffer.allocate(FRAME_HEADER);
        while (b.hasRemaining()) {
            if (ch.read(b, offset + b.position()) < 0) {
                throw new DamagedRecordException("a frame's header is cut short");
            }
        }
        b.flip();
        if (b.getInt() != FRAME_MAGIC) {
            throw new DamagedRecordException("no frame starts there");
        }
        byte kind = b.get();
        int length = b.getInt();
        long crc = Integer.toUnsignedLong(b.getInt());
        if (kind != RECORD && kind != REMOVED) {
            throw new DamagedRecordException("a frame of unknown kind " + kind);
        }
        if (length < 0 || FRAME_HEADER + (long) length > maxRecordBytes) {
            throw new DamagedRecordException("a frame says it holds " + length + " bytes, more than a record may ("
                    + maxRecordBytes + ")");
        }
        if (offset + FRAME_HEADER + length > end) {
            throw new DamagedRecordException("a frame of " + length + " bytes is cut short");
        }
        return new Header(kind, length, crc);
    }

    /** A frame's payload as JSON, its checksum checked; streamed, never whole in memory as bytes. */
    private static JsonObject readPayload(FileChannel ch, long offset, Header h) throws IOException {
        CRC32C payloadCrc = new CRC32C();
        CheckedInputStream body = new CheckedInputStream(new RangeInputStream(ch, offset + FRAME_HEADER, h.length()),
                payloadCrc);
        JsonObject json;
        try {
            JsonReader reader = new JsonReader(new InputStreamReader(body, StandardCharsets.UTF_8));
            json = JsonParser.parseReader(reader).getAsJsonObject();
            // the parser may stop before the end: the checksum covers every byte
            body.transferTo(OutputStream.nullOutputStream());
        } catch (JsonParseException | IllegalStateException e) {
            json = null;
        }
        if (crcOf(h.kind(), h.length(), payloadCrc) != h.crc()) {
            throw new DamagedRecordException("a frame's checksum does not match: it was changed or torn");
        }
        if (json == null) {
            throw new DamagedRecordException("a frame holds no JSON object");
        }
        return json;
    }

    private IntakeRecord readRecord(FileChannel ch, long offset, long frameBytes) throws IOException {
        Header h = readHeader(ch, offset, offset + frameBytes);
        if (h.kind() != RECORD) {
            throw new DamagedRecordException("the frame is not a record");
        }
        try {
            return IntakeRecord.fromJson(readPayload(ch, offset, h));
        } catch (JsonParseException e) {
            throw new DamagedRecordException(e.getMessage());
        }
    }

    /** Bytes {@code [start, start + length)} of a channel, by positional reads (the channel's position is shared). */
    private static final class RangeInputStream extends InputStream {
        private final FileChannel ch;
        private long at;
        private final long end;

        RangeInputStream(FileChannel ch, long start, long length) {
            this.ch = ch;
            this.at = start;
            this.end = start + length;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (at >= end) {
                return -1;
            }
            int n = ch.read(ByteBuffer.wrap(b, off, (int) Math.min(len, end - at)), at);
            if (n < 0) {
                throw new IOException("the journal ends inside a frame");
            }
            at += n;
            return n;
        }
    }

    // ---- the start

    /**
     * Reads every segment, oldest first (a later frame of a token replaces or removes an earlier one), then moves
     * records of the earlier format into a new segment.
     */
    private Found recover() throws IOException {
        TreeMap<Long, Path> segmentFiles = new TreeMap<>();
        List<Path> legacy = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                Matcher m = SEGMENT.matcher(name);
                if (m.matches()) {
                    segmentFiles.put(Long.parseUnsignedLong(m.group(1), 16), f);
                } else if (name.endsWith(TEMPORARY_SUFFIX)) {
                    LOG.info("removing {}: a ScriptX intake record whose write was cut short (its job was never "
                            + "accepted)", f);
                    Files.deleteIfExists(f);
                } else if (!name.endsWith(DAMAGED_SUFFIX)) {
                    legacy.add(f);
                }
            }
        }
        Map<String, IntakeRecord> records = new LinkedHashMap<>();
        for (Map.Entry<Long, Path> e : segmentFiles.entrySet()) {
            Segment s = new Segment(e.getKey(), e.getValue(), FileChannel.open(e.getValue(), StandardOpenOption.READ));
            segments.addLast(s);
            s.size = s.channel.size();
            readSegment(s, records);
        }
        long next = segmentFiles.isEmpty() ? 1 : segmentFiles.lastKey() + 1;
        segments.addLast(createSegment(next));

        List<Damaged> damaged = new ArrayList<>();
        List<Path> moved = new ArrayList<>();
        for (Path f : legacy) {
            String name = f.getFileName().toString();
            Matcher m = LEGACY_NAME.matcher(name);
            try {
                if (!m.matches()) {
                    throw new DamagedRecordException("not a record's name");
                }
                IntakeRecord r = readLegacyFile(f);
                if (!r.token().equals(m.group(1)) || r.area() != area(m.group(2))) {
                    throw new DamagedRecordException("the record names another job");
                }
                if (!records.containsKey(r.token())) {
                    Segment s = current();
                    long offset = s.size;
                    long bytes = append(s, frame(RECORD, payloadOf(r)));
                    makeLive(r.token(), new Location(s, offset, bytes));
                    records.put(r.token(), r);
                }
                moved.add(f);
            } catch (DamagedRecordException e) {
                Path aside = dir.resolve(name + DAMAGED_SUFFIX);
                LOG.warn("ScriptX intake record {} is ignored: {}; kept as {}", f, e.getMessage(), aside);
                move(f, aside);
                if (m.matches()) {
                    damaged.add(new Damaged(m.group(1), area(m.group(2))));
                }
            }
        }
        if (!moved.isEmpty()) {
            current().channel.force(false);
            for (Path f : moved) {
                Files.delete(f);
            }
            forceDirectory();
            LOG.info("ScriptX: {} intake record(s) of the one-file-per-job format moved into the journal",
                    moved.size());
        }
        compact();
        return new Found(List.copyOf(records.values()), List.copyOf(damaged));
    }

    private byte[] payloadOf(IntakeRecord r) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeJson(r, out);
        checkSize(out.size());
        return out.toByteArray();
    }

    /** Applies a segment's frames; the first that cannot be read ends it, with a log line. */
    private void readSegment(Segment s, Map<String, IntakeRecord> records) throws IOException {
        long offset = 0;
        while (offset < s.size) {
            try {
                Header h = readHeader(s.channel, offset, s.size);
                JsonObject json = readPayload(s.channel, offset, h);
                long bytes = FRAME_HEADER + (long) h.length();
                if (h.kind() == RECORD) {
                    IntakeRecord r;
                    try {
                        r = IntakeRecord.fromJson(json);
                    } catch (JsonParseException e) {
                        throw new DamagedRecordException(e.getMessage());
                    }
                    unlive(r.token());
                    makeLive(r.token(), new Location(s, offset, bytes));
                    records.remove(r.token()); // a replaced record goes to the end: the order is the last write's
                    records.put(r.token(), r);
                } else {
                    String token = json.has("token") ? json.get("token").getAsString() : "";
                    unlive(token);
                    records.remove(token);
                }
                offset += bytes;
            } catch (DamagedRecordException e) {
                if (!zerosFrom(s.channel, offset)) {
                    LOG.warn("ScriptX intake journal {}: the {} byte(s) from offset {} are ignored: {} (a write cut "
                            + "short by a crash is never acknowledged)", s.path, s.size - offset, offset,
                            e.getMessage());
                    s.damaged = true;
                }
                break; // else the records end here: the rest is the segment's preallocated zeros
            }
        }
        s.size = offset;
    }

    private IntakeRecord readLegacyFile(Path f) throws IOException {
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > maxRecordBytes) {
                throw new DamagedRecordException(size + " bytes, more than a record may hold (" + maxRecordBytes
                        + ")");
            }
            ByteBuffer head = ByteBuffer.allocate(LEGACY_HEADER_BYTES);
            while (head.hasRemaining() && ch.read(head) >= 0) {
                // fill the header
            }
            String header = new String(head.array(), 0, head.position(), StandardCharsets.US_ASCII);
            long length;
            long crc;
            try {
                if (head.hasRemaining() || !header.startsWith(LEGACY_MAGIC)
                        || header.charAt(LEGACY_HEADER_BYTES - 1) != '\n') {
                    throw new NumberFormatException();
                }
                length = Long.parseUnsignedLong(header.substring(LEGACY_MAGIC.length(), LEGACY_MAGIC.length() + 16),
                        16);
                crc = Long.parseLong(header.substring(LEGACY_MAGIC.length() + 17, LEGACY_MAGIC.length() + 25), 16);
            } catch (NumberFormatException | IndexOutOfBoundsException e) {
                throw new DamagedRecordException("no record header (a write cut short, or not a record)");
            }
            if (LEGACY_HEADER_BYTES + length != size) {
                throw new DamagedRecordException("the header says " + length + " bytes follow, the file has "
                        + (size - LEGACY_HEADER_BYTES));
            }
            CheckedInputStream body = new CheckedInputStream(Channels.newInputStream(ch), new CRC32C());
            JsonObject json;
            try {
                json = JsonParser.parseReader(new JsonReader(new InputStreamReader(body, StandardCharsets.UTF_8)))
                        .getAsJsonObject();
                body.transferTo(OutputStream.nullOutputStream());
            } catch (JsonParseException | IllegalStateException e) {
                throw new DamagedRecordException("not a record's JSON");
            }
            if (body.getChecksum().getValue() != crc) {
                throw new DamagedRecordException("its checksum does not match: it was changed or torn");
            }
            try {
                return IntakeRecord.fromJson(json);
            } catch (JsonParseException e) {
                throw new DamagedRecordException(e.getMessage());
            }
        }
    }

    // ---- files

    private void forceDirectory() throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer b, long offset) throws IOException {
        long at = offset;
        while (b.hasRemaining()) {
            at += ch.write(b, at);
        }
    }

    private static FileChannel createOwnerOnly(Path f) throws IOException {
        Set<OpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.READ);
        FileAttribute<?>[] attributes = POSIX
                ? new FileAttribute<?>[] { PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                        "rw-------")) }
                : new FileAttribute<?>[0];
        return FileChannel.open(f, options, attributes);
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            LOG.debug("closing a ScriptX intake journal segment: {}", e.getMessage());
        }
    }

    private static Area area(String extension) {
        return Area.valueOf(extension.toUpperCase(Locale.ROOT));
    }

    private static String shortToken(Op op) {
        return op.token() == null ? "" : op.token().substring(0, Math.min(8, op.token().length()));
    }
}
