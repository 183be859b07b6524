package org.printhub.job.internal;

import java.time.Clock;
import java.util.Optional;

import org.printhub.device.Device;
import org.printhub.device.DeviceException;
import org.printhub.device.Interrupts;
import org.printhub.job.Job;
import org.printhub.job.JobState;
import org.printhub.job.JobStateReasons;
import org.printhub.job.store.JobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread that prints a device's jobs one after another: claims the next pending job, runs the driver,
 * records the outcome, and on a retryable device error keeps the job stopped and retries it with back-off.
 */
final class DeviceWorker implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceWorker.class);
    private static final long IDLE_RECHECK_MILLIS = 5_000;

    private final String deviceId;
    private final Device device;
    private final JobStore store;
    private final JobChanges changes;
    private final Dispatcher dispatcher;
    private final CoreConfig config;
    private final Clock clock;
    private final Object signal = new Object();
    private final Thread thread;
    private boolean signalled;
    private volatile boolean stopping;
    private volatile RunningTask current;
    /** The job the driver just printed; its completion is stored with the next claim (see claimNext). */
    private Finished finished;

    DeviceWorker(String deviceId, int slot, Device device, JobStore store, JobChanges changes, Dispatcher dispatcher,
            CoreConfig config, Clock clock) {
        this.deviceId = deviceId;
        this.device = device;
        this.store = store;
        this.changes = changes;
        this.dispatcher = dispatcher;
        this.config = config;
        this.clock = clock;
        this.thread = new Thread(null, this, "printhub-device-" + deviceId + (slot == 0 ? "" : "-" + slot), 0, false);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Makes the worker look for work now. */
    void wake() {
        synchronized (signal) {
            signalled = true;
            signal.notifyAll();
        }
    }

    /** Interrupts the current job (it goes back to pending) and waits for the thread to end. */
    void stop(long timeoutMillis) {
        stopping = true;
        RunningTask task = current;
        if (task != null) {
            task.cancel(true);
        }
        wake();
        try {
            thread.join(timeoutMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("device {}: driver did not return within {} ms of being stopped", deviceId, timeoutMillis);
        }
    }

    RunningTask current() {
        return current;
    }

    @Override
    public void run() {
        while (!stopping) {
            try {
                if (dispatcher.isPaused(deviceId)) {
                    storeFinished();
                    await(IDLE_RECHECK_MILLIS);
                    continue;
                }
                JobChanges.Step step = claimNext();
                if (step.claimed().isPresent()) {
                    printUntilSettled(step.claimed().get());
                } else if (!step.again()) {
                    await(IDLE_RECHECK_MILLIS);
                }
            } catch (RuntimeException e) {
                LOG.error("device {}: dispatch failed; retrying in {} ms", deviceId, config.retryInitialDelayMillis(), e);
                await(config.retryInitialDelayMillis());
            }
        }
        Finished last = finished; // storeFinished clears it before the force, which may fail
        try {
            storeFinished();
        } catch (RuntimeException e) {
            LOG.error("device {}: could not record that job {} printed", deviceId, last.job().id(), e);
        }
    }

    /**
     * Stores the completion of the job just printed, if any, and claims the next job, in one store call: a
     * busy queue costs one round trip to the database per job. The completion is then forced to disk before the
     * claimed job goes to its driver, so a crash can never print a job again whose successor had started
     * printing. The force runs on this thread: there is nothing left to overlap it with once the claim is done,
     * and handing it to another thread and back cost two wake-ups per job.
     */
    private JobChanges.Step claimNext() {
        Finished done = finished;
        JobChanges.Step step = changes.dispatch(done == null ? null : done.job(), Transition.COMPLETE,
                done == null ? null : done::edit, deviceId, 4, this::choose);
        finished = null;
        if (step.finished().isPresent()) {
            forceCompletion(step.claimed());
        }
        return step;
    }

    /** Forces the stored completion; if that fails, the job claimed with it goes back to the queue unprinted. */
    private void forceCompletion(Optional<Job> claimed) {
        try {
            store.sync();
        } catch (RuntimeException e) {
            claimed.ifPresent(job -> changes.applyIfAllowed(job.id(), Transition.REQUEUE, b -> b.state(
                    JobState.PENDING, JobStateReasons.JOB_QUEUED).stateMessage("not sent to " + deviceId
                            + ": the job before it could not be recorded as completed on disk; it prints once that"
                            + " succeeds").pagesCompleted(0)));
            throw e;
        }
    }

    /** What to do with a pending job of this device: print it, or hold it if it cannot be resumed here. */
    private Optional<JobChanges.Choice> choose(Job candidate) {
        // paused is checked again here, inside the store call: a pause (and a job submitted after it) that came
        // between the loop's check and the claim must not see that job printed
        if (!candidate.deviceId().equals(deviceId) || dispatcher.isPaused(deviceId)) {
            return Optional.empty();
        }
        if (candidate.interrupted() && !device.info().restartsInterruptedJobs()) {
            return Optional.of(new JobChanges.Choice(Transition.HOLD, b -> b.state(JobState.HELD,
                    JobStateReasons.JOB_HOLD_UNTIL_SPECIFIED).stateMessage("interrupted while printing on " + deviceId
                            + "; release it to print it again from the start once the printer is ready")));
        }
        return Optional.of(new JobChanges.Choice(Transition.DISPATCH, b -> b.attempts(candidate.attempts() + 1)
                .processingAt(clock.instant()).pagesCompleted(0)));
    }

    /** Stores the completion of the job just printed without claiming another (paused, stopping). */
    private void storeFinished() {
        Finished done = finished;
        if (done == null) {
            return;
        }
        changes.applyIfAllowed(done.job(), Transition.COMPLETE, j -> true, done::edit);
        finished = null;
        forceCompletion(Optional.empty());
    }

    /** A job the driver printed whole, to be marked completed with the next store call. */
    private record Finished(Job job, int pages, String message) {
        void edit(Job.Builder b) {
            b.pagesCompleted(pages).stateMessage(message);
        }
    }

    private void printUntilSettled(Job job) {
        long delay = config.retryInitialDelayMillis();
        Job attempt = job;
        while (true) {
            RunningTask task = new RunningTask(attempt, store);
            current = task;
            Throwable outcome = print(task);
            long id = attempt.id();
            if (outcome instanceof InterruptedException || task.isCanceled()) {
                if (task.deviceGone() || stopping || !task.isCanceled()) {
                    requeue(id, task);
                }
                return;
            }
            if (outcome == null) {
                finished = new Finished(task.lastStored(), task.pages(), task.message());
                return;
            }
            if (!(outcome instanceof DeviceException)) {
                LOG.error("device {}: driver failed on job {}", deviceId, id, outcome);
                changes.applyIfAllowed(id, Transition.ABORT, b -> b.state(JobState.ABORTED,
                        JobStateReasons.ABORTED_BY_SYSTEM).stateMessage("driver error: " + outcome));
                return;
            }
            DeviceException failure = (DeviceException) outcome;
            if (!failure.retryable()) {
                changes.applyIfAllowed(id, Transition.ABORT, b -> b.state(JobState.ABORTED,
                        JobStateReasons.ABORTED_BY_SYSTEM, failure.reason()).stateMessage(failure.getMessage()));
                return;
            }
            clearSignal();
            if (changes.applyIfAllowed(id, Transition.DEVICE_ERROR, b -> b.state(JobState.STOPPED,
                    JobStateReasons.PRINTER_STOPPED, failure.reason()).stateMessage(failure.getMessage())
                    .pagesCompleted(task.pages())).isEmpty()) {
                return;
            }
            LOG.info("device {}: job {} will be retried in {} ms ({})", deviceId, id, delay, failure.getMessage());
            await(delay);
            if (stopping) {
                requeue(id, task);
                return;
            }
            int attempts = attempt.attempts();
            Optional<Job> retried = changes.applyIfAllowed(id, Transition.RETRY,
                    j -> j.deviceId().equals(deviceId) && !j.hasReason(JobStateReasons.JOB_SUSPENDED),
                    b -> b.attempts(attempts + 1).processingAt(clock.instant()).pagesCompleted(0));
            if (retried.isEmpty()) {
                return;
            }
            attempt = retried.get();
            delay = Math.min(delay * 2, config.retryMaxDelayMillis());
        }
    }

    /**
     * Runs the driver. Returns null on success, else what ended the attempt; an I/O error caused by the
     * interrupt of a cancel counts as the interrupt.
     */
    private Throwable print(RunningTask task) {
        task.enterPrint();
        try {
            device.print(task);
            return null;
        } catch (DeviceException | InterruptedException e) {
            return e;
        } catch (RuntimeException e) {
            return Interrupts.isInterrupt(e) ? new InterruptedException(e.toString()) : e;
        } finally {
            task.leavePrint();
            current = null;
        }
    }

    private void requeue(long id, RunningTask task) {
        changes.applyIfAllowed(id, Transition.REQUEUE, b -> b.state(JobState.PENDING, JobStateReasons.JOB_QUEUED,
                JobStateReasons.PRINTER_UNAVAILABLE).stateMessage("device " + deviceId
                        + " went away after " + task.pages() + " page(s); the job prints again when it returns")
                .pagesCompleted(0));
    }

    /** Forgets wake-ups that came before now, so only a later resume, cancel or move cuts a back-off short. */
    private void clearSignal() {
        synchronized (signal) {
            signalled = false;
        }
    }

    private void await(long millis) {
        synchronized (signal) {
            long end = System.currentTimeMillis() + millis;
            while (!signalled && !stopping) {
                long left = end - System.currentTimeMillis();
                if (left <= 0) {
                    break;
                }
                try {
                    signal.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            signalled = false;
        }
    }
}
