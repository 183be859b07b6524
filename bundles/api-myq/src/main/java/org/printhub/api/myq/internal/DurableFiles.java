package org.printhub.api.myq.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

// Appending to the token journal; a whole file is replaced with http's AtomicFiles.
final class DurableFiles {
    private DurableFiles() {
    }

    static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }
}
