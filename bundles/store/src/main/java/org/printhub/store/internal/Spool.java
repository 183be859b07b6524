package org.printhub.store.internal;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import org.printhub.job.JobRejectedException;
import org.printhub.job.JobStorageException;
import org.printhub.job.store.SpooledDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Document files: {@code <root>/<yyyy-MM-dd>/<32 hex digits>}, the location being the relative path.
 * A file is written once, forced to disk, and deleted only when discarded or orphaned.
 */
final class Spool {
    private static final Logger LOG = LoggerFactory.getLogger(Spool.class);
    private static final int BUFFER_SIZE = 64 * 1024;
    private static final Pattern BUCKET = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern FILE = Pattern.compile("[0-9a-f]{32}");
    private static final HexFormat HEX = HexFormat.of();
    private static final boolean WINDOWS = System.getProperty("os.name", "").toLowerCase(Locale.ROOT)
            .startsWith("windows");

    /** Decides whether a spool file is still referenced by a stored document. */
    @FunctionalInterface
    interface References {
        boolean contains(String location) throws SQLException;
    }

    private final Path root;
    private final FileStore disk;
    private final long minFreeBytes;
    private final Clock clock;
    private final Set<Path> knownBuckets = ConcurrentHashMap.newKeySet();
    private final BlockingQueue<byte[]> buffers = new ArrayBlockingQueue<>(16);
    private final AtomicInteger active = new AtomicInteger();

    Spool(Path root, long minFreeBytes, Clock clock) {
        this.root = root.toAbsolutePath().normalize();
        this.minFreeBytes = minFreeBytes;
        this.clock = clock;
        try {
            Files.createDirectories(this.root);
            // looked up once: Files.getFileStore reads the mount table on every call
            this.disk = Files.getFileStore(this.root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the spool directory " + this.root, e);
        }
    }

    Path root() {
        return root;
    }

    /** How many documents are being spooled right now. */
    int active() {
        return active.get();
    }

    SpooledDocument spool(String name, String mimeType, InputStream in, long maxBytes) {
        active.incrementAndGet();
        byte[] pooled = buffers.poll();
        byte[] buffer = pooled == null ? new byte[BUFFER_SIZE] : pooled;
        try {
            return spool(name, mimeType, in, maxBytes, buffer);
        } finally {
            active.decrementAndGet();
            buffers.offer(buffer);
        }
    }

    private SpooledDocument spool(String name, String mimeType, InputStream in, long maxBytes, byte[] buffer) {
        checkFreeSpace();
        Path bucket = bucket();
        String fileName = newFileName();
        String location = bucket.getFileName() + "/" + fileName;
        Path file = bucket.resolve(fileName);
        boolean done = false;
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            MessageDigest sha256 = sha256();
            long size = 0;
            for (int n = read(in, buffer, name); n >= 0; n = read(in, buffer, name)) {
                size += n;
                if (size > maxBytes) {
                    throw new JobRejectedException(JobRejectedException.TOO_LARGE,
                            "document '" + name + "' is larger than " + maxBytes + " bytes");
                }
                sha256.update(buffer, 0, n);
                ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, n);
                while (bytes.hasRemaining()) {
                    out.write(bytes);
                }
            }
            // Not forced here: the store forces it while the job's row is being committed (force below), so
            // that the two forces overlap; a document refused after spooling is never forced at all. The file's
            // entry in its directory is forced by forceDirectories, once for every job of a group commit.
            done = true;
            return new SpooledDocument(location, name, mimeType, size, HEX.formatHex(sha256.digest()));
        } catch (IOException e) {
            knownBuckets.remove(bucket);
            throw new JobStorageException("cannot write document '" + name + "' to the spool: " + e, e);
        } finally {
            if (!done) {
                delete(file);
            }
        }
    }

    /** Forces the documents' contents to disk. */
    void force(Collection<SpooledDocument> documents) throws IOException {
        for (SpooledDocument d : documents) {
            try (FileChannel c = FileChannel.open(file(d.location()), StandardOpenOption.READ)) {
                c.force(true);
            }
        }
    }

    /**
     * Whether a document's file is there whole: after a crash, a file whose submission was never acknowledged
     * may be missing or shorter than recorded (its contents were not yet forced). On ext4 and XFS a file's size
     * reaches the disk only after the data it covers, so the size is the check.
     */
    boolean isComplete(String location, long size) {
        try {
            return Files.size(file(location)) == size;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Forces the directory entries of {@code documents}' files to disk: each bucket directory once, however
     * many of the files it holds.
     */
    void forceDirectories(Collection<SpooledDocument> documents) throws IOException {
        Set<Path> buckets = new HashSet<>();
        for (SpooledDocument d : documents) {
            buckets.add(file(d.location()).getParent());
        }
        for (Path bucket : buckets) {
            forceDirectory(bucket);
        }
    }

    /**
     * The time in microseconds, then 64 random bits: names that sort by creation keep the unique index on
     * documents.location appending at its end, where random names rewrote a random index page per document.
     */
    private String newFileName() {
        Instant now = clock.instant();
        return HEX.toHexDigits(now.getEpochSecond() * 1_000_000 + now.getNano() / 1000)
                + HEX.toHexDigits(ThreadLocalRandom.current().nextLong());
    }

    /** Failures of the source are the client's: its upload broke off or its data would not inflate. */
    private static int read(InputStream in, byte[] buffer, String name) {
        try {
            return in.read(buffer);
        } catch (IOException e) {
            throw new JobRejectedException(JobRejectedException.BAD_DOCUMENT,
                    "cannot read document '" + name + "': " + e.getMessage(), e);
        }
    }

    private void checkFreeSpace() {
        long free;
        try {
            free = disk.getUsableSpace();
        } catch (IOException e) {
            throw new JobStorageException("cannot read the free space of the spool disk: " + e, e);
        }
        if (free < minFreeBytes) {
            throw new JobStorageException("the spool disk has only " + free + " bytes free, less than the "
                    + minFreeBytes + " required to accept documents", null);
        }
    }

    private Path bucket() {
        Path bucket = root.resolve(LocalDate.now(clock).toString());
        if (knownBuckets.contains(bucket)) {
            return bucket;
        }
        try {
            try {
                Files.createDirectory(bucket);
                // the new directory's entry in the root must survive a crash as well as the files in it
                forceDirectory(root);
            } catch (FileAlreadyExistsException e) {
                if (!Files.isDirectory(bucket)) {
                    throw e;
                }
            }
        } catch (IOException e) {
            throw new JobStorageException("cannot create the spool directory " + bucket + ": " + e, e);
        }
        knownBuckets.add(bucket);
        return bucket;
    }

    static void forceDirectory(Path dir) throws IOException {
        try (FileChannel c = FileChannel.open(dir, StandardOpenOption.READ)) {
            c.force(true);
        } catch (IOException e) {
            if (!WINDOWS) {
                throw e;
            }
        }
    }

    /** @throws IllegalArgumentException if the location is not one this spool makes */
    Path file(String location) {
        int slash = location.indexOf('/');
        if (slash < 0 || !BUCKET.matcher(location.substring(0, slash)).matches()
                || !FILE.matcher(location.substring(slash + 1)).matches()) {
            throw new IllegalArgumentException("not a spool location: " + location);
        }
        return root.resolve(location.substring(0, slash)).resolve(location.substring(slash + 1));
    }

    /** @throws IllegalArgumentException unless the document is a file of this spool */
    void check(SpooledDocument document) {
        if (!Files.isRegularFile(file(document.location()))) {
            throw new IllegalArgumentException("document '" + document.name() + "' is not in the spool ("
                    + document.location() + ")");
        }
    }

    /** @throws IOException also when the file is not the size recorded for it (see {@link #isComplete}) */
    InputStream open(String location, long size) throws IOException {
        Path file = file(location);
        long onDisk = Files.size(file);
        if (onDisk != size) {
            throw new IOException("spool file " + location + " holds " + onDisk + " bytes, not the " + size
                    + " recorded: it was damaged, or it did not reach the disk before a crash");
        }
        return new BufferedInputStream(Files.newInputStream(file), BUFFER_SIZE);
    }

    void discard(SpooledDocument document) {
        try {
            delete(file(document.location()));
        } catch (IllegalArgumentException e) {
            LOG.warn("Not discarding document '{}': {}", document.name(), e.getMessage());
        }
    }

    /** Deletes the file of a document whose row is gone. Never throws. */
    void delete(String location) {
        try {
            delete(file(location));
        } catch (IllegalArgumentException e) {
            LOG.warn("Not deleting spool file '{}': {}", location, e.getMessage());
        }
    }

    /**
     * Deletes the files no stored document references: left by a crash between spooling and inserting.
     *
     * @return how many were deleted
     */
    int sweep(References references) throws IOException, SQLException {
        int deleted = 0;
        try (DirectoryStream<Path> buckets = Files.newDirectoryStream(root,
                p -> BUCKET.matcher(p.getFileName().toString()).matches() && Files.isDirectory(p))) {
            for (Path bucket : buckets) {
                try (DirectoryStream<Path> files = Files.newDirectoryStream(bucket,
                        p -> FILE.matcher(p.getFileName().toString()).matches())) {
                    for (Path file : files) {
                        if (!references.contains(bucket.getFileName() + "/" + file.getFileName())) {
                            delete(file);
                            deleted++;
                        }
                    }
                }
            }
        }
        return deleted;
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Cannot delete spool file {}", file, e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
