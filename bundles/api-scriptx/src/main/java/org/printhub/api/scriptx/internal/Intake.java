package org.printhub.api.scriptx.internal;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Reader;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
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
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;

/**
 * The durable intake of printHtml and printPdf: one small file per accepted job, {@code <token>.<html|pdf>}, which
 * holds what is needed to prepare the job again ({@link IntakeRecord}) until the core has the job.
 * <p>
 * A record is written to a temporary name, forced ({@code fdatasync}), renamed into place, and the directory
 * forced; only then is the job accepted. Directory forces are shared: one force covers every rename and delete
 * made before it began, so concurrent requests wait for one force, not one each. A file starts with a fixed-width
 * header line {@code scriptx-intake 1 <length, 16 hex> <CRC-32C, 8 hex>} and holds JSON; a record whose length or
 * checksum does not match is not trusted. Files and the directory are owner-only: a record may hold a cookie the
 * fetch after a restart needs.
 */
final class Intake {
    private static final Logger LOG = LoggerFactory.getLogger(Intake.class);
    private static final String MAGIC = "scriptx-intake " + IntakeRecord.VERSION + " ";
    private static final int HEADER_BYTES = MAGIC.length() + 16 + 1 + 8 + 1;
    private static final Pattern NAME = Pattern.compile("([0-9a-f]{32})\\.(html|pdf)");
    private static final String TEMPORARY_SUFFIX = ".tmp";
    private static final String DAMAGED_SUFFIX = ".damaged";
    // HTML is written as it is (Gson would escape each < as six characters): a record stays about its request's size
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    /** A record that cannot be trusted: torn, changed, or not a record at all. */
    static final class DamagedRecordException extends IOException {
        private static final long serialVersionUID = 1L;

        DamagedRecordException(String message) {
            super(message);
        }
    }

    /** What a start found: records to prepare again or that ended, and the names of damaged ones. */
    record Found(List<IntakeRecord> records, List<Damaged> damaged) {
    }

    /** A damaged record's job, when its file name still says which it was. */
    record Damaged(String token, Area area) {
    }

    private final Path dir;
    private final long maxRecordBytes;
    /** Renames and deletes made in the directory; a force covers those counted when it began. */
    private final AtomicLong directoryChanges = new AtomicLong();
    private final Object forceLock = new Object();
    private long forcedChanges; // guarded by forceLock

    /**
     * @param dir the intake directory, created owner-only if missing
     * @param maxRecordBytes the largest record written or read: the request limit and room for the rest
     */
    Intake(Path dir, long maxRecordBytes) throws IOException {
        this.dir = dir;
        this.maxRecordBytes = maxRecordBytes;
        Files.createDirectories(dir);
        if (POSIX) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
    }

    Path directory() {
        return dir;
    }

    /** Writes a record for good: when this returns it survives a crash. */
    void write(IntakeRecord record) throws IOException {
        Path target = file(record.token(), record.area());
        Path tmp = dir.resolve(target.getFileName() + TEMPORARY_SUFFIX);
        try {
            try (FileChannel ch = createOwnerOnly(tmp)) {
                ch.write(ByteBuffer.allocate(HEADER_BYTES), 0);
                ch.position(HEADER_BYTES);
                CRC32C crc = new CRC32C();
                long[] length = new long[1];
                OutputStream counted = new FilterOutputStream(Channels.newOutputStream(ch)) {
                    @Override
                    public void write(int b) throws IOException {
                        write(new byte[] { (byte) b }, 0, 1);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        length[0] += len;
                        if (HEADER_BYTES + length[0] > maxRecordBytes) {
                            throw new IOException("the job is larger than the " + maxRecordBytes
                                    + " bytes an intake record may hold");
                        }
                        crc.update(b, off, len);
                        out.write(b, off, len);
                    }
                };
                Writer writer = new OutputStreamWriter(new BufferedOutputStream(counted, 64 * 1024),
                        StandardCharsets.UTF_8);
                JsonWriter json = new JsonWriter(writer);
                GSON.toJson(record.toJson(), json);
                json.flush();
                ch.write(ByteBuffer.wrap(header(length[0], crc.getValue())), 0);
                ch.force(false);
            }
            move(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
        forceDirectory();
    }

    /**
     * Reads a record whole. The content comes back in memory (it came in the request's JSON, and the renderer
     * takes HTML as text).
     *
     * @throws NoSuchFileException if there is none
     * @throws DamagedRecordException if it cannot be trusted
     */
    IntakeRecord read(String token, Area area) throws IOException {
        IntakeRecord r = readFile(file(token, area));
        if (!r.token().equals(token) || r.area() != area) {
            throw new DamagedRecordException("the record names another job");
        }
        return r;
    }

    /** The job is the core's now: its record goes, for good. */
    void remove(String token, Area area) throws IOException {
        Files.deleteIfExists(file(token, area));
        forceDirectory();
    }

    /** Removes a record that nothing depends on any more (an ended job forgotten); not forced. */
    void forget(String token, Area area) {
        try {
            Files.deleteIfExists(file(token, area));
        } catch (IOException e) {
            LOG.debug("cannot remove ScriptX intake record {}: {}", file(token, area), e.getMessage());
        }
    }

    /**
     * Every record in the directory, read at start. Temporary files (a write cut short) are removed; a record that
     * cannot be trusted is renamed {@code *.damaged}, with a log line, and reported by its name.
     */
    Found load() throws IOException {
        List<IntakeRecord> records = new ArrayList<>();
        List<Damaged> damaged = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (name.endsWith(TEMPORARY_SUFFIX)) {
                    LOG.info("removing {}: a ScriptX intake record whose write was cut short (its job was never "
                            + "accepted)", f);
                    Files.deleteIfExists(f);
                    continue;
                }
                if (name.endsWith(DAMAGED_SUFFIX)) {
                    continue;
                }
                Matcher m = NAME.matcher(name);
                try {
                    if (!m.matches()) {
                        throw new DamagedRecordException("not a record's name");
                    }
                    IntakeRecord r = readFile(f);
                    if (!r.token().equals(m.group(1)) || r.area() != area(m.group(2))) {
                        throw new DamagedRecordException("the record names another job");
                    }
                    records.add(r);
                } catch (DamagedRecordException e) {
                    Path aside = dir.resolve(name + DAMAGED_SUFFIX);
                    LOG.warn("ScriptX intake record {} is ignored: {}; kept as {}", f, e.getMessage(), aside);
                    move(f, aside);
                    if (m.matches()) {
                        damaged.add(new Damaged(m.group(1), area(m.group(2))));
                    }
                }
            }
        }
        return new Found(records, damaged);
    }

    private IntakeRecord readFile(Path f) throws IOException {
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > maxRecordBytes) {
                throw new DamagedRecordException(size + " bytes, more than a record may hold (" + maxRecordBytes
                        + ")");
            }
            ByteBuffer head = ByteBuffer.allocate(HEADER_BYTES);
            while (head.hasRemaining() && ch.read(head) >= 0) {
                // fill the header
            }
            String header = new String(head.array(), 0, head.position(), StandardCharsets.US_ASCII);
            long length;
            long crc;
            try {
                if (head.hasRemaining() || !header.startsWith(MAGIC) || header.charAt(HEADER_BYTES - 1) != '\n') {
                    throw new NumberFormatException();
                }
                length = Long.parseUnsignedLong(header.substring(MAGIC.length(), MAGIC.length() + 16), 16);
                crc = Long.parseLong(header.substring(MAGIC.length() + 17, MAGIC.length() + 25), 16);
            } catch (NumberFormatException | IndexOutOfBoundsException e) {
                throw new DamagedRecordException("no record header (a write cut short, or not a record)");
            }
            if (HEADER_BYTES + length != size) {
                throw new DamagedRecordException("the header says " + length + " bytes follow, the file has "
                        + (size - HEADER_BYTES));
            }
            CheckedInputStream body = new CheckedInputStream(Channels.newInputStream(ch), new CRC32C());
            JsonObject json;
            try {
                Reader reader = new InputStreamReader(body, StandardCharsets.UTF_8);
                json = JsonParser.parseReader(new JsonReader(reader)).getAsJsonObject();
                // the parser may stop before the end: the checksum covers every byte
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

    /** Forces the directory unless a force that began after this thread's change already did. */
    private void forceDirectory() throws IOException {
        long mine = directoryChanges.incrementAndGet();
        synchronized (forceLock) {
            if (forcedChanges >= mine) {
                return;
            }
            long covered = directoryChanges.get();
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            }
            forcedChanges = covered;
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

    private static byte[] header(long length, long crc) {
        return String.format(Locale.ROOT, "%s%016x %08x\n", MAGIC, length, crc).getBytes(StandardCharsets.US_ASCII);
    }

    private Path file(String token, Area area) {
        return dir.resolve(token + "." + area.name().toLowerCase(Locale.ROOT));
    }

    private static Area area(String extension) {
        return Area.valueOf(extension.toUpperCase(Locale.ROOT));
    }

    static int headerBytes() {
        return HEADER_BYTES;
    }
}
