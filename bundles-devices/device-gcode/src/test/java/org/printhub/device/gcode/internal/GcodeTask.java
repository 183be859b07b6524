package org.printhub.device.gcode.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.printhub.device.PrintTask;
import org.printhub.job.DocumentInfo;
import org.printhub.job.Job;

/** What the core hands the driver, for these tests: G-code documents in memory, suspend and cancel as the core does them. */
final class GcodeTask implements PrintTask {
    private final List<byte[]> contents = new ArrayList<>();
    private final List<DocumentInfo> documents = new ArrayList<>();
    final List<String> messages = new ArrayList<>();
    private Job job;
    private boolean suspended;
    private boolean canceled;
    private Thread printing;

    GcodeTask document(String name, byte[] content) {
        documents.add(new DocumentInfo(documents.size(), name, "text/x.gcode", content.length, "00"));
        contents.add(content);
        return this;
    }

    @Override
    public synchronized Job job() {
        if (job == null) {
            job = Job.builder().id(7).token("0123456789abcdef0123456789abcdef").deviceId("mk3").name("benchy")
                    .owner("alice").createdAt(Instant.parse("2026-01-02T03:04:05Z")).documents(documents).build();
        }
        return job;
    }

    @Override
    public InputStream openDocument(int index) throws IOException {
        synchronized (this) {
            printing = Thread.currentThread();
        }
        return new ByteArrayInputStream(contents.get(index));
    }

    @Override
    public void reportPages(int pagesCompleted) {
        throw new AssertionError("pages mean nothing to a 3D printer");
    }

    @Override
    public synchronized void reportMessage(String message) {
        messages.add(message);
    }

    synchronized void suspend() {
        suspended = true;
    }

    synchronized void resume() {
        suspended = false;
        notifyAll();
    }

    /** As the core cancels: the flag, a wake-up at the checkpoint, and an interrupt of the printing thread. */
    synchronized void cancel() {
        canceled = true;
        notifyAll();
        if (printing != null) {
            printing.interrupt();
        }
    }

    @Override
    public synchronized boolean isSuspended() {
        return suspended && !canceled;
    }

    @Override
    public synchronized boolean isCanceled() {
        return canceled;
    }

    @Override
    public synchronized void checkpoint() throws InterruptedException {
        while (suspended && !canceled) {
            wait();
        }
        if (canceled) {
            throw new InterruptedException("job canceled");
        }
    }

    synchronized String lastMessage() {
        return messages.isEmpty() ? "" : messages.get(messages.size() - 1);
    }
}
