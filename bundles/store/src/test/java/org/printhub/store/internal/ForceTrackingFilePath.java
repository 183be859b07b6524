package org.printhub.store.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.util.concurrent.atomic.AtomicLong;

import org.h2.store.fs.FileBase;
import org.h2.store.fs.FilePathWrapper;

/**
 * An H2 file system ({@code jdbc:h2:forcetrack:/path}) that counts the bytes written to database files and
 * how many of them a completed {@link FileChannel#force} covered. H2 keeps its file systems in a static
 * registry, so the counters are static too.
 */
public final class ForceTrackingFilePath extends FilePathWrapper {
    static final AtomicLong WRITTEN = new AtomicLong();
    static final AtomicLong FORCED = new AtomicLong();

    @Override
    public String getScheme() {
        return "forcetrack";
    }

    @Override
    public FileChannel open(String mode) throws IOException {
        FileChannel base = getBase().open(mode);
        return name.endsWith(".mv.db") ? new Tracking(base) : base;
    }

    private static final class Tracking extends FileBase {
        private final FileChannel base;

        Tracking(FileChannel base) {
            this.base = base;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return base.read(dst);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return base.read(dst, position);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            int n = base.write(src);
            WRITTEN.addAndGet(n);
            return n;
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            int n = base.write(src, position);
            WRITTEN.addAndGet(n);
            return n;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            long covered = WRITTEN.get();
            base.force(metaData);
            FORCED.accumulateAndGet(covered, Math::max);
        }

        @Override
        public long position() throws IOException {
            return base.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            base.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return base.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            base.truncate(size);
            return this;
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return base.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            base.close();
        }
    }
}
