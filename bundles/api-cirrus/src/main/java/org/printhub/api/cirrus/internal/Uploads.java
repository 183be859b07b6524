package org.printhub.api.cirrus.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CirrusPrint's server-side files: a {@code putfile} without targets, and {@code tempfile} + {@code putsegment}
 * uploads, kept until they expire so that {@code submitfile} can use them, repeatedly, across restarts.
 *
 * <p>Each file is {@code <company>/<name>.data} with a journal {@code <name>.ranges} of the byte ranges received,
 * one line appended (and forced to disk after the data) per segment. A segment's bytes count only once that line is
 * on disk, so a segment cut off half-way, or a crash, leaves a gap that the client sends again. Segments may come in
 * any order and may be resent: bytes that overlap bytes already received must be equal to them. The journal's
 * modification time is the file's last use; a file unused for longer than the expiry is deleted, unless a request
 * is using it at that moment.
 */
final class Uploads {
    static final Pattern NAME = Pattern.compile("[0-9a-f]{32}");

    private static final Logger LOG = LoggerFactory.getLogger(Uploads.class);
    private static final String DATA = ".data";
    private static final String JOURNAL = ".ranges";
    private static final String SCRATCH = ".scratch-";
    private static final int BUFFER = 64 * 1024;

    private final Path root;
    private final Clock clock;
    private final Duration expiry;
    private final int maxFilesPerCompany;
    private final int maxRanges;
    private final SecureRandom random = new SecureRandom();
    /** Uploads read from disk, by company/name; guarded by {@code this}. */
    private final Map<String, Upload> loaded = new HashMap<>();

    Uploads(Path root, Clock clock, Duration expiry, int maxFilesPerCompany, int maxRanges) {
        this.root = root;
        this.clock = clock;
        this.expiry = expiry;
        this.maxFilesPerCompany = maxFilesPerCompany;
        this.maxRanges = maxRanges;
    }

    /** A new, empty file for segments. */
    String create(String company) throws IOException {
        Path dir = Files.createDirectories(root.resolve(company));
        synchronized (this) {
            int files = 0;
            try (DirectoryStream<Path> journals = Files.newDirectoryStream(dir, "*" + JOURNAL)) {
                for (Path ignored : journals) {
                    files++;
                }
            }
            if (files >= maxFilesPerCompany) {
                throw CirrusError.failure("too many uploaded files (" + files + "); submit them or let them expire");
            }
            String name = newName();
            touch(Files.createFile(dir.resolve(name + DATA)));
            touch(Files.createFile(dir.resolve(name + JOURNAL)));
            // the name is handed out only once both files are sure to be found after a crash
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            }
            return name;
        }
    }

    /**
     * Writes a whole file in one go (a {@code putfile} without targets).
     *
     * @return the file's name
     */
    String putWhole(String company, InputStream body) throws IOException {
        String name = create(company);
        boolean done = false;
        try {
            long written;
            try (FileChannel out = FileChannel.open(dataFile(company, name), StandardOpenOption.WRITE)) {
                written = copy(body, out);
                out.force(false);
            }
            if (written == 0) {
                throw CirrusError.failure("the uploaded file is empty");
            }
            Upload u = load(company, name);
            synchronized (u) {
                record(u, 0, written);
            }
            done = true;
            return name;
        } finally {
            if (!done) {
                delete(company, name);
            }
        }
    }

    /**
     * Writes one segment at byte {@code index}.
     *
     * @param length the segment's declared length (its {@code Content-Length})
     * @param maxBytes the largest file allowed
     * @return the bytes written, {@code length}
     * @throws CirrusError for an unknown file, a segment past {@code maxBytes}, a body shorter than declared, bytes
     *         that differ from ones received before, or a range another request is writing
     */
    long putSegment(String company, String name, long index, long length, InputStream body, long maxBytes)
            throws IOException {
        if (index < 0) {
            throw CirrusError.badRequest("index must not be negative");
        }
        if (length < 0) {
            throw CirrusError.request(411, "a segment needs a Content-Length");
        }
        if (index > maxBytes || length > maxBytes - index) {
            throw CirrusError.request(413, "the segment at index " + index + " ends past the " + maxBytes
                    + "-byte limit of a file");
        }
        long end = index + length;
        Upload u = require(company, name);
        ByteRanges snapshot;
        synchronized (u) {
            if (u.deleted) {
                throw noSuchFile(name);
            }
            for (long[] f : u.inFlight) {
                if (f[0] < end && index < f[1]) {
                    throw CirrusError.request(409, "bytes " + f[0] + "-" + (f[1] - 1)
                            + " are being uploaded by another request");
                }
            }
            if (u.received.countWith(index, end) > maxRanges) {
                throw CirrusError.failure("more than " + maxRanges + " separate segments; send them in order");
            }
            snapshot = u.received.copy();
            u.inFlight.add(new long[] { index, end });
            u.users++;
        }
        try {
            try (FileChannel out = FileChannel.open(u.data, StandardOpenOption.WRITE, StandardOpenOption.READ)) {
                long written = writeAt(body, out, index, end, snapshot);
                if (written < length) {
                    throw CirrusError.badRequest("the segment ended after " + written + " of " + length + " bytes");
                }
                out.force(false);
            }
            synchronized (u) {
                if (u.deleted) {
                    throw noSuchFile(name);
                }
                record(u, index, end);
            }
            return length;
        } finally {
            synchronized (u) {
                u.inFlight.removeIf(f -> f[0] == index && f[1] == end);
                u.users--;
            }
        }
    }

    /**
     * Takes a complete file for reading; it is not expired while the lease is open. Counts as a use.
     *
     * @throws CirrusError a failure for an unknown file, or one with missing byte ranges, which it lists
     */
    Lease lease(String company, String name) throws IOException {
        Upload u = require(company, name);
        synchronized (u) {
            if (u.deleted) {
                throw noSuchFile(name);
            }
            if (!u.received.isComplete()) {
                if (u.received.count() == 0) {
                    throw CirrusError.failure("file " + name + " is empty: no segment was received");
                }
                throw CirrusError.failure("file " + name + " is incomplete: bytes "
                        + ByteRanges.describe(u.received.gaps(), 10) + " are missing");
            }
            u.users++;
            touch(u.journal);
            return new Lease(u, u.received.length());
        }
    }

    /** A private file for one request's body, deleted when closed. */
    Path scratch(String company) throws IOException {
        Path dir = Files.createDirectories(root.resolve(company));
        return touch(Files.createFile(dir.resolve(SCRATCH + newName())));
    }

    /**
     * Deletes every file unused for longer than the expiry and not in use now, and scratch files left by a crash.
     *
     * @return how many files were deleted
     */
    int expire() {
        Instant cutoff = clock.instant().minus(expiry);
        int deleted = 0;
        List<Path> companies = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, Files::isDirectory)) {
            dirs.forEach(companies::add);
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            LOG.warn("cannot list {}: {}", root, e.toString());
            return 0;
        }
        for (Path dir : companies) {
            String company = dir.getFileName().toString();
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
                for (Path f : files) {
                    String file = f.getFileName().toString();
                    if (!lastUse(f).isBefore(cutoff)) {
                        continue;
                    }
                    if (file.endsWith(JOURNAL)) {
                        String name = file.substring(0, file.length() - JOURNAL.length());
                        if (NAME.matcher(name).matches() && deleteIfUnused(company, name)) {
                            deleted++;
                        }
                    } else if (file.startsWith(SCRATCH) || file.endsWith(DATA)
                            && Files.notExists(dir.resolve(file.replace(DATA, JOURNAL)))) {
                        Files.deleteIfExists(f);
                        deleted++;
                    }
                }
            } catch (IOException e) {
                LOG.warn("cannot expire uploads in {}: {}", dir, e.toString());
            }
        }
        return deleted;
    }

    private boolean deleteIfUnused(String company, String name) throws IOException {
        synchronized (this) {
            Upload u = loaded.get(company + "/" + name);
            if (u != null) {
                synchronized (u) {
                    if (u.users > 0) {
                        return false;
                    }
                    u.deleted = true;
                }
                loaded.remove(company + "/" + name);
            }
            Files.deleteIfExists(journalFile(company, name));
            Files.deleteIfExists(dataFile(company, name));
            return true;
        }
    }

    private void delete(String company, String name) throws IOException {
        synchronized (this) {
            Upload u = loaded.remove(company + "/" + name);
            if (u != null) {
                synchronized (u) {
                    u.deleted = true;
                }
            }
            Files.deleteIfExists(journalFile(company, name));
            Files.deleteIfExists(dataFile(company, name));
        }
    }

    private Upload require(String company, String name) throws IOException {
        if (!NAME.matcher(name).matches()) {
            throw CirrusError.badRequest("file: '" + Texts.clip(name)
                    + "' is not a file name returned by putfile or tempfile");
        }
        Upload u = load(company, name);
        if (u == null) {
            throw noSuchFile(name);
        }
        return u;
    }

    private synchronized Upload load(String company, String name) throws IOException {
        String key = company + "/" + name;
        Upload u = loaded.get(key);
        if (u != null) {
            return u;
        }
        Path journal = journalFile(company, name);
        Path data = dataFile(company, name);
        if (!Files.isRegularFile(journal) || !Files.isRegularFile(data)) {
            return null;
        }
        u = new Upload(data, journal);
        // the last line may be torn by a crash: a line counts only with its newline
        String text = new String(Files.readAllBytes(journal), StandardCharsets.US_ASCII);
        int lineEnd;
        for (int at = 0; (lineEnd = text.indexOf('\n', at)) >= 0; at = lineEnd + 1) {
            String[] range = text.substring(at, lineEnd).split(" ");
            try {
                u.received.add(Long.parseLong(range[0]), Long.parseLong(range[1]));
            } catch (RuntimeException e) {
                LOG.warn("skipping a bad line in {}", journal);
            }
        }
        loaded.put(key, u);
        return u;
    }

    /** Called holding {@code u}'s lock, after the data is on disk. */
    private void record(Upload u, long start, long end) throws IOException {
        try (FileChannel journal = FileChannel.open(u.journal, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ByteBuffer line = ByteBuffer.wrap((start + " " + end + "\n").getBytes(StandardCharsets.US_ASCII));
            while (line.hasRemaining()) {
                journal.write(line);
            }
            journal.force(false);
        }
        u.received.add(start, end);
        touch(u.journal);
    }

    /**
     * Copies the body to {@code [index, end)}: bytes not yet received are written, bytes already received are
     * compared with what is on disk. Reads at most {@code end - index} bytes.
     */
    private static long writeAt(InputStream body, FileChannel out, long index, long end, ByteRanges received)
            throws IOException {
        byte[] buf = new byte[BUFFER];
        ByteBuffer onDisk = ByteBuffer.allocate(BUFFER);
        long pos = index;
        while (pos < end) {
            int n = body.read(buf, 0, (int) Math.min(buf.length, end - pos));
            if (n < 0) {
                break;
            }
            int off = 0;
            while (off < n) {
                long at = pos + off;
                long until = received.receivedUntil(at);
                if (until < 0) {
                    int len = (int) Math.min(n - off, received.nextReceived(at) - at);
                    ByteBuffer src = ByteBuffer.wrap(buf, off, len);
                    for (long p = at; src.hasRemaining();) {
                        p += out.write(src, p);
                    }
                    off += len;
                } else {
                    int len = (int) Math.min(n - off, until - at);
                    onDisk.clear().limit(len);
                    for (long p = at; onDisk.hasRemaining();) {
                        int r = out.read(onDisk, p);
                        if (r < 0) {
                            throw new IOException("upload data shorter than its journal");
                        }
                        p += r;
                    }
                    if (!onDisk.flip().equals(ByteBuffer.wrap(buf, off, len))) {
                        throw CirrusError.request(409, "the segment at index " + index
                                + " overlaps bytes already received (" + at + "-" + (until - 1)
                                + ") with different content");
                    }
                    off += len;
                }
            }
            pos += n;
        }
        return pos - index;
    }

    private static long copy(InputStream in, FileChannel out) throws IOException {
        byte[] buf = new byte[BUFFER];
        long total = 0;
        for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
            ByteBuffer src = ByteBuffer.wrap(buf, 0, n);
            while (src.hasRemaining()) {
                out.write(src);
            }
            total += n;
        }
        return total;
    }

    /** Uses are timed by the clock, not by the file system, so that expiry follows one time line. */
    private Path touch(Path f) throws IOException {
        return Files.setLastModifiedTime(f, FileTime.from(clock.instant()));
    }

    private Instant lastUse(Path f) {
        try {
            return Files.getLastModifiedTime(f).toInstant();
        } catch (IOException e) {
            return Instant.MAX;
        }
    }

    private Path dataFile(String company, String name) {
        return root.resolve(company).resolve(name + DATA);
    }

    private Path journalFile(String company, String name) {
        return root.resolve(company).resolve(name + JOURNAL);
    }

    private String newName() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static CirrusError noSuchFile(String name) {
        return CirrusError.failure("no such file: " + name + " (unknown, or expired)");
    }

    private static final class Upload {
        final Path data;
        final Path journal;
        final ByteRanges received = new ByteRanges();
        final List<long[]> inFlight = new ArrayList<>();
        int users;
        boolean deleted;

        Upload(Path data, Path journal) {
            this.data = data;
            this.journal = journal;
        }
    }

    /** A complete file being read; closing it lets the file expire again. */
    final class Lease implements AutoCloseable {
        private final Upload upload;
        private final long size;

        private Lease(Upload upload, long size) {
            this.upload = upload;
            this.size = size;
        }

        long size() {
            return size;
        }

        /** The file's bytes up to {@link #size()}: a segment written past the end but never recorded is not read. */
        InputStream open() throws IOException {
            FileChannel in = FileChannel.open(upload.data, StandardOpenOption.READ);
            return Channels.newInputStream(new LimitedChannel(in, size));
        }

        @Override
        public void close() {
            synchronized (upload) {
                upload.users--;
            }
        }
    }

    private static final class LimitedChannel implements ReadableByteChannel {
        private final FileChannel in;
        private long left;

        LimitedChannel(FileChannel in, long limit) {
            this.in = in;
            this.left = limit;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int limit = dst.limit();
            if (dst.remaining() > left) {
                dst.limit(dst.position() + (int) left);
            }
            int n = in.read(dst);
            dst.limit(limit);
            if (n < 0) {
                throw new IOException("upload data shorter than its journal");
            }
            left -= n;
            return n;
        }

        @Override
        public boolean isOpen() {
            return in.isOpen();
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
