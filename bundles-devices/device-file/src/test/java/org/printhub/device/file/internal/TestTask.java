package org.printhub.device.file.internal;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import org.printhub.device.PrintTask;
import org.printhub.job.DocumentInfo;
import org.printhub.job.Job;

/** What the core hands a driver, scripted: documents in memory, a checkpoint that can cancel after N calls. */
final class TestTask implements PrintTask {
    final List<byte[]> contents = new ArrayList<>();
    final List<String> messages = new ArrayList<>();
    final List<Integer> pages = new ArrayList<>();
    private final Job.Builder job = Job.builder().id(42).token("0123456789abcdef0123456789abcdef")
            .deviceId("office").name("Quarterly report").owner("alice")
            .createdAt(Instant.parse("2026-01-02T03:04:05Z"));
    private final List<DocumentInfo> documents = new ArrayList<>();
    private Job built;
    int checkpoints;
    int cancelAfterCheckpoints = Integer.MAX_VALUE;
    IOException failReading;
    long interruptAfterBytes = -1;

    TestTask name(String name) {
        job.name(name);
        return this;
    }

    TestTask pageCount(int pageCount) {
        job.pageCount(pageCount);
        return this;
    }

    TestTask document(String name, String mimeType, byte[] content) {
        documents.add(new DocumentInfo(documents.size(), name, mimeType, content.length, sha256(content)));
        contents.add(content);
        return this;
    }

    static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public Job job() {
        if (built == null) {
            built = job.documents(documents).build();
        }
        return built;
    }

    @Override
    public InputStream openDocument(int index) throws IOException {
        if (failReading != null) {
            throw failReading;
        }
        InputStream in = new ByteArrayInputStream(contents.get(index));
        return interruptAfterBytes < 0 ? in : new FilterInputStream(in) {
            private long read;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                read += Math.max(n, 0);
                if (read >= interruptAfterBytes) {
                    Thread.currentThread().interrupt(); // as the core does when a job is canceled
                }
                return n;
            }
        };
    }

    @Override
    public void reportPages(int pagesCompleted) {
        pages.add(pagesCompleted);
    }

    @Override
    public void reportMessage(String message) {
        messages.add(message);
    }

    @Override
    public boolean isCanceled() {
        return checkpoints >= cancelAfterCheckpoints;
    }

    @Override
    public void checkpoint() throws InterruptedException {
        if (++checkpoints > cancelAfterCheckpoints) {
            throw new InterruptedException("canceled");
        }
    }

    String lastMessage() {
        return messages.get(messages.size() - 1);
    }
}
