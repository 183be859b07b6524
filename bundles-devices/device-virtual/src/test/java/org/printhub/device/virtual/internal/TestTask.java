package org.printhub.device.virtual.internal;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

import org.printhub.device.PrintTask;
import org.printhub.job.DocumentInfo;
import org.printhub.job.Job;
import org.printhub.job.JobTicket;

/** What the core hands a driver, scripted: documents in memory, and a cancel that works as the core's does. */
final class TestTask implements PrintTask {
    final List<byte[]> contents = new ArrayList<>();
    final List<Integer> pages = new CopyOnWriteArrayList<>();
    final List<String> messages = new CopyOnWriteArrayList<>();
    final List<Long> pageTimes = new CopyOnWriteArrayList<>();
    private final Job.Builder job = Job.builder().id(7).token("00112233445566778899aabbccddeeff").deviceId("demo")
            .createdAt(Instant.parse("2026-01-02T03:04:05Z"));
    private final List<DocumentInfo> documents = new ArrayList<>();
    private Job built;
    private volatile boolean canceled;
    private volatile Thread printing;
    volatile int checkpoints;
    int cancelAfterCheckpoints = Integer.MAX_VALUE;
    int suspendAtCheckpoint = -1;
    long suspendMillis;

    TestTask pageCount(int pageCount) {
        job.pageCount(pageCount);
        return this;
    }

    TestTask copies(int copies) {
        job.ticket(JobTicket.builder().copies(copies).build());
        return this;
    }

    TestTask document(byte[] content) {
        documents.add(new DocumentInfo(documents.size(), "doc" + documents.size(), "application/pdf",
                content.length, sha256(content)));
        contents.add(content);
        return this;
    }

    static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static String sha256(byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                digest.update(part);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** Runs {@code print} on this thread, remembering it so {@link #cancel()} can interrupt it. */
    void printOn(VirtualDevice device) throws Exception {
        printing = Thread.currentThread();
        try {
            device.print(this);
        } finally {
            printing = null;
            Thread.interrupted();
        }
    }

    /** As the core cancels: mark the task, then interrupt the printing thread. */
    void cancel() {
        canceled = true;
        Thread t = printing;
        if (t != null) {
            t.interrupt();
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
    public InputStream openDocument(int index) {
        return new ByteArrayInputStream(contents.get(index));
    }

    @Override
    public void reportPages(int pagesCompleted) {
        pages.add(pagesCompleted);
        pageTimes.add(System.nanoTime());
    }

    @Override
    public void reportMessage(String message) {
        messages.add(message);
    }

    @Override
    public boolean isCanceled() {
        return canceled;
    }

    @Override
    public void checkpoint() throws InterruptedException {
        if (canceled || ++checkpoints > cancelAfterCheckpoints) {
            throw new InterruptedException("canceled");
        }
        if (checkpoints == suspendAtCheckpoint) {
            Thread.sleep(suspendMillis); // as the core blocks a suspended job here
        }
    }

    String lastMessage() {
        return messages.get(messages.size() - 1);
    }
}
