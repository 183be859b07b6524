package org.printhub.job.internal;

import java.io.IOException;
import java.io.InputStream;

import org.printhub.device.PrintTask;
import org.printhub.job.Job;
import org.printhub.job.store.JobStore;

/**
 * The {@link PrintTask} of one attempt. The worker interrupts its thread only while the driver's
 * {@code print} runs, so a cancel never interrupts the store's own I/O.
 */
final class RunningTask implements PrintTask {
    private final Job job;
    private final JobStore store;
    private final Object lock = new Object();
    private Thread printing;
    private boolean canceled;
    private boolean deviceGone;
    private boolean suspended;
    private volatile int pages;
    private volatile String message = "";
    private volatile boolean dirty;
    /** The job as last stored by this attempt: the likely current row, for a change without a read first. */
    private volatile Job lastStored;

    RunningTask(Job job, JobStore store) {
        this.job = job;
        this.store = store;
        this.lastStored = job;
    }

    Job lastStored() {
        return lastStored;
    }

    void stored(Job snapshot) {
        lastStored = snapshot;
    }

    @Override
    public Job job() {
        return job;
    }

    @Override
    public InputStream openDocument(int index) throws IOException {
        return store.openDocument(job.id(), index);
    }

    @Override
    public void reportPages(int pagesCompleted) {
        if (pagesCompleted != pages) {
            pages = Math.max(0, pagesCompleted);
            dirty = true;
        }
    }

    @Override
    public void reportMessage(String text) {
        String m = text == null ? "" : text;
        if (!m.equals(message)) {
            message = m;
            dirty = true;
        }
    }

    @Override
    public boolean isCanceled() {
        synchronized (lock) {
            return canceled;
        }
    }

    @Override
    public boolean isSuspended() {
        synchronized (lock) {
            return suspended && !canceled;
        }
    }

    @Override
    public void checkpoint() throws InterruptedException {
        synchronized (lock) {
            while (suspended && !canceled) {
                lock.wait();
            }
            if (canceled) {
                throw new InterruptedException(deviceGone ? "device going away" : "job canceled");
            }
        }
    }

    int pages() {
        return pages;
    }

    String message() {
        return message;
    }

    /** Whether progress changed since the last call. */
    boolean takeDirty() {
        boolean d = dirty;
        dirty = false;
        return d;
    }

    void enterPrint() {
        synchronized (lock) {
            printing = Thread.currentThread();
        }
    }

    /** Ends the window in which the thread may be interrupted, and clears an interrupt that came late. */
    void leavePrint() {
        synchronized (lock) {
            printing = null;
        }
        Thread.interrupted();
    }

    /** @param becauseDeviceGone the job is to wait for its device rather than end canceled */
    void cancel(boolean becauseDeviceGone) {
        synchronized (lock) {
            canceled = true;
            deviceGone |= becauseDeviceGone;
            lock.notifyAll();
            if (printing != null) {
                printing.interrupt();
            }
        }
    }

    boolean deviceGone() {
        synchronized (lock) {
            return deviceGone;
        }
    }

    void suspend() {
        synchronized (lock) {
            suspended = true;
        }
    }

    void resume() {
        synchronized (lock) {
            suspended = false;
            lock.notifyAll();
        }
    }
}
