package org.printhub.device.file.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

import org.printhub.device.DeviceException;
import org.printhub.device.Interrupts;

/**
 * The directory a file device writes to. A file appears in it whole or not at all (written to a hidden temporary
 * file, forced to disk, then given its name), and never replaces a file that is already there.
 */
final class OutputDirectory {
    /** IPP printer-state-reason for a full disk or exhausted quota: the "output bin" is full. */
    static final String OUTPUT_AREA_FULL = "output-area-full";
    /** IPP printer-state-reason for any other I/O failure: missing permission, not a directory, ... */
    static final String OTHER = "other";

    private static final String TEMP_PREFIX = ".printhub-";
    private static final int MAX_SUFFIX = 99_999;
    private static final long LOW_SPACE = 1 << 20;

    private final Path dir;

    OutputDirectory(Path dir) {
        this.dir = dir;
    }

    Path path() {
        return dir;
    }

    /** Starts a file; closing it without {@link PendingFile#publish} leaves nothing behind. */
    PendingFile create() throws DeviceException, InterruptedException {
        try {
            Files.createDirectories(dir);
            // not Files.createTempFile, whose owner-only permissions the published file would keep
            Path temp = dir.resolve(TEMP_PREFIX + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
            return new PendingFile(temp,
                    FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
        } catch (IOException e) {
            throw failure("cannot create a file in", e);
        }
    }

    /** Interrupts become {@link InterruptedException}; everything else is retryable, as an operator can fix it. */
    private DeviceException failure(String doing, IOException e) throws InterruptedException {
        Interrupts.rethrowIfInterrupt(e);
        String why = e.getClass() == IOException.class ? e.getMessage()
                : e.getClass().getSimpleName() + " " + e.getMessage();
        if (isFull(e)) {
            return DeviceException.retryable(OUTPUT_AREA_FULL, "no space left in " + dir + ": " + why, e);
        }
        return DeviceException.retryable(OTHER, doing + " " + dir + ": " + why, e);
    }

    private boolean isFull(IOException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("No space left") || message.contains("quota") || message.contains("not enough space")) {
            return true;
        }
        try {
            return Files.getFileStore(dir).getUsableSpace() < LOW_SPACE;
        } catch (IOException | SecurityException notKnown) {
            return false;
        }
    }

    final class PendingFile implements AutoCloseable {
        private final Path temp;
        private final FileChannel channel;

        private PendingFile(Path temp, FileChannel channel) {
            this.temp = temp;
            this.channel = channel;
        }

        void write(byte[] bytes, int offset, int length) throws DeviceException, InterruptedException {
            ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
            try {
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            } catch (IOException e) {
                throw failure("cannot write to", e);
            }
        }

        /** Forces the bytes to disk and gives them {@code name}, or {@code name-1}, {@code name-2}, ... if taken. */
        Path publish(String name) throws DeviceException, InterruptedException {
            try {
                channel.force(true);
                channel.close();
                for (int n = 0; n <= MAX_SUFFIX; n++) {
                    Path target = dir.resolve(n == 0 ? name : FileNamePattern.withSuffix(name, n));
                    if (!dir.equals(target.getParent())) {
                        throw new IllegalArgumentException("not a plain file name: " + name);
                    }
                    if (place(target)) {
                        syncDirectory();
                        return target;
                    }
                }
                throw DeviceException.retryable(OTHER,
                        "more than " + MAX_SUFFIX + " files named " + name + " in " + dir);
            } catch (IOException e) {
                throw failure("cannot write to", e);
            }
        }

        private boolean place(Path target) throws IOException {
            try {
                // link(2) fails rather than replace an existing file, unlike rename(2)
                Files.createLink(target, temp);
                return true;
            } catch (FileAlreadyExistsException taken) {
                return false;
            } catch (UnsupportedOperationException | FileSystemException noHardLinks) {
                // FAT and some network shares have no hard links: rename, checking first (not atomic, but close)
                if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                    return false;
                }
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
                return true;
            }
        }

        private void syncDirectory() {
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            } catch (IOException notSupported) {
                // Windows cannot open a directory; NTFS journals the new name itself
            }
        }

        @Override
        public void close() {
            try {
                channel.close();
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                // nothing more to do: the hidden temporary file stays behind
            }
        }
    }
}
