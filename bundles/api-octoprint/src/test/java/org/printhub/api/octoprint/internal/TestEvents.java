package org.printhub.api.octoprint.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventHandler;

/**
 * Event Admin as the surface relies on it: posted events reach the handlers asynchronously, in order. Felix's
 * Event Admin needs a framework, which these tests do not start; the integration tests run the real one.
 */
final class TestEvents implements EventAdmin {
    private final List<EventHandler> handlers = new CopyOnWriteArrayList<>();
    private final ExecutorService delivery = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "test-event-admin");
        t.setDaemon(true);
        return t;
    });

    void add(EventHandler handler) {
        handlers.add(handler);
    }

    @Override
    public void postEvent(Event event) {
        delivery.execute(() -> sendEvent(event));
    }

    @Override
    public void sendEvent(Event event) {
        for (EventHandler h : handlers) {
            h.handleEvent(event);
        }
    }

    void close() throws InterruptedException {
        delivery.shutdown();
        delivery.awaitTermination(5, TimeUnit.SECONDS);
    }
}
