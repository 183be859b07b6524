package org.printhub.device.testing;

import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Threads for a test's printing and scripted peers ({@code @RegisterExtension}). After each test they are
 * interrupted, and the test fails if one of them is still stuck 10 s later: a driver must leave no thread behind.
 */
public final class TestThreads implements AfterEachCallback, Executor {
    private ExecutorService pool = Executors.newCachedThreadPool();

    public <T> Future<T> submit(Callable<T> work) {
        return pool.submit(work);
    }

    @Override
    public void execute(Runnable command) {
        pool.execute(command);
    }

    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        pool.shutdownNow();
        boolean ended = pool.awaitTermination(10, TimeUnit.SECONDS);
        pool = Executors.newCachedThreadPool();
        if (!ended) {
            throw new AssertionError("a test thread is stuck");
        }
    }
}
