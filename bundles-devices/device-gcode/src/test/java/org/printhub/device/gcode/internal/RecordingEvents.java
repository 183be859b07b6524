package org.printhub.device.gcode.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/** Event Admin as the driver sees it, keeping every event posted (the framework's Event Admin is not run here). */
final class RecordingEvents implements EventAdmin {
    private final List<Event> events = new ArrayList<>();

    @Override
    public synchronized void postEvent(Event event) {
        events.add(event);
        notifyAll();
    }

    @Override
    public void sendEvent(Event event) {
        throw new AssertionError("a driver posts readings; it never sends them synchronously");
    }

    synchronized List<Event> topic(String topic) {
        return events.stream().filter(e -> e.getTopic().equals(topic)).toList();
    }

    /** Waits (bounded) for an event on {@code topic} that satisfies {@code condition}. */
    synchronized Event await(String topic, Predicate<Event> condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (Event e : events) {
                if (e.getTopic().equals(topic) && condition.test(e)) {
                    return e;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no " + topic + " event as expected within " + timeout.toSeconds() + " s; got "
                        + topic(topic).size() + " on that topic");
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }
}
