package org.printhub.device.testing;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.printhub.device.PrintTask;
import org.printhub.job.DocumentInfo;
import org.printhub.job.Job;
import org.printhub.job.JobTicket;

/**
 * What the core hands a driver, scripted for the drivers' tests: documents in memory, a cancel flag, and a pause
 * at one offset of the documents so a test can break the peer mid-job. Shared with device-lpd and device-command
 * through this module's test jar.
 */
public final class ScriptedTask implements PrintTask {
    public final List<byte[]> contents = new ArrayList<>();
    public final List<String> messages = new ArrayList<>();
    public final List<Integer> pages = new ArrayList<>();
    private final Job.Builder job = Job.builder().id(42).token("0123456789abcdef0123456789abcdef")
            .deviceId("office").name("Quarterly report").owner("alice")
            .createdAt(Instant.parse("2026-01-02T03:04:05Z"));
    private final List<DocumentInfo> documents = new ArrayList<>();
    private Job built;
    /** Reading stops here until {@link #resume} counts down, after {@link #paused} has. */
    public long pauseAtByte = -1;
    public final CountDownLatch paused = new CountDownLatch(1);
    public final CountDownLatch resume = new CountDownLatch(1);
    public volatile boolean canceled;
    /** Thrown by {@link #openDocument}, as a lost spool file would. */
    public IOException failReading;

    public ScriptedTask name(String name) {
        job.name(name);
        return this;
    }

    public ScriptedTask owner(String owner) {
        job.owner(owner);
        return this;
    }

    public ScriptedTask id(long id) {
        job.id(id);
        return this;
    }

    public ScriptedTask document(String name, String mimeType, byte[] content) {
        return document(name, mimeType, content, content.length);
    }

    /** A document whose record gives {@code recordedSize}, whatever its content's length. */
    public ScriptedTask document(String name, String mimeType, byte[] content, long recordedSize) {
        documents.add(new DocumentInfo(documents.size(), name, mimeType, recordedSize, "00"));
        contents.add(content);
        return this;
    }

    public ScriptedTask copies(int copies) {
        job.ticket(JobTicket.builder().copies(copies).build());
        return this;
    }

    public static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
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
        return pauseAtByte < 0 ? in : new FilterInputStream(in) {
            private long read;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (read >= pauseAtByte && paused.getCount() > 0) {
                    paused.countDown();
                    try {
                        if (!resume.await(30, TimeUnit.SECONDS)) {
                            throw new IOException("the test never resumed the document");
                        }
                    } catch (InterruptedException e) {
                        throw new java.io.InterruptedIOException("interrupted");
                    }
                }
                int n = super.read(b, off, (int) Math.min(len, pauseAtByte > read ? pauseAtByte - read : len));
                read += Math.max(n, 0);
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
        return canceled;
    }

    @Override
    public void checkpoint() throws InterruptedException {
        if (canceled) {
            throw new InterruptedException("canceled");
        }
    }

    public String lastMessage() {
        return messages.get(messages.size() - 1);
    }
}
