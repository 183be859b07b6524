package org.printhub.api.myq.internal;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.printhub.http.AtomicFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;

/**
 * The durable record of tokens: an append-only file of JSON lines holding only token hashes, replayed at start
 * and compacted by an atomic rewrite. Issuing appends without waiting for the disk (a token lost in a crash
 * only makes its client log in again); a revocation or a refresh token's use is forced to disk before it
 * counts, so no revoked or spent token comes back after a crash.
 */
final class TokenJournal implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(TokenJournal.class);

    /** One line: {@code a} is the operation, the other fields depend on it. */
    static final class Line {
        static final String ADD = "add";
        static final String USED = "used";
        static final String DELETE = "del";
        static final String DELETE_USER = "delu";
        static final String DELETE_CLIENT = "delc";
        static final String DELETE_FAMILY = "delf";

        String a;
        String h;
        String k;
        String u;
        String c;
        String s;
        long e;
        String f;

        static Line of(String op) {
            Line l = new Line();
            l.a = op;
            return l;
        }
    }

    private final Path file;
    private final Gson gson = new Gson();
    private FileChannel channel;
    private long lines;

    TokenJournal(Path file) {
        this.file = file;
    }

    /** Every line written so far, in order; a torn last line (a crash while appending) is skipped. */
    List<Line> read() throws IOException {
        List<Line> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int n = 0;
            for (String text; (text = r.readLine()) != null;) {
                n++;
                if (text.isBlank()) {
                    continue;
                }
                try {
                    Line l = gson.fromJson(text, Line.class);
                    if (l != null && l.a != null) {
                        out.add(l);
                    }
                } catch (JsonParseException e) {
                    LOG.warn("MyQ token journal {}: line {} is not readable and was skipped", file, n);
                }
            }
        } catch (NoSuchFileException e) {
            return out;
        }
        return out;
    }

    /** Replaces the journal with {@code live} (atomically) and opens it for appending. */
    synchronized void rewrite(Collection<Line> live) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (Line l : live) {
            sb.append(gson.toJson(l)).append('\n');
        }
        if (channel != null) {
            channel.close();
        }
        AtomicFiles.write(file, sb.toString().getBytes(StandardCharsets.UTF_8));
        channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        lines = live.size();
    }

    synchronized void append(Line line, boolean force) throws IOException {
        if (channel == null) {
            throw new IOException("the token journal is closed");
        }
        DurableFiles.writeFully(channel,
                ByteBuffer.wrap((gson.toJson(line) + "\n").getBytes(StandardCharsets.UTF_8)));
        if (force) {
            channel.force(false);
        }
        lines++;
    }

    synchronized long lines() {
        return lines;
    }

    @Override
    public synchronized void close() throws IOException {
        if (channel != null) {
            channel.force(false);
            channel.close();
            channel = null;
        }
    }
}
