package org.printhub.api.octoprint.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.printhub.device.Device;
import org.printhub.device.DeviceInfo;
import org.printhub.device.DeviceReadings;
import org.printhub.device.PrintTask;

/**
 * A 3D printer as a G-code driver presents it: reads the job's G-code a chunk at a time at a set pace, stops at
 * each chunk's checkpoint while paused, and posts progress and temperatures as {@link DeviceReadings} events.
 */
final class TestPrinter implements Device {
    static final String ID = "mk3";
    private final EventAdmin events;
    final AtomicLong delayPerChunkMillis = new AtomicLong(20);
    final AtomicLong bytesPrinted = new AtomicLong();
    /** When positive, the link drops after this many bytes of a job (once), as a pulled USB cable does. */
    final AtomicLong dropLinkAfterBytes = new AtomicLong();

    TestPrinter(EventAdmin events) {
        this.events = events;
    }

    @Override
    public DeviceInfo info() {
        return DeviceInfo.builder(ID, "test-gcode").name("Test MK3").documentFormats(DeviceInfo.ANY_FORMAT).build();
    }

    @Override
    public void print(PrintTask task) throws InterruptedException, org.printhub.device.DeviceException {
        long total = task.job().size();
        long done = 0;
        byte[] chunk = new byte[1024];
        try (InputStream in = task.openDocument(0)) {
            for (int n; (n = in.read(chunk)) > 0;) {
                task.checkpoint();
                Thread.sleep(delayPerChunkMillis.get());
                done += n;
                bytesPrinted.addAndGet(n);
                long drop = dropLinkAfterBytes.get();
                if (drop > 0 && done >= drop && dropLinkAfterBytes.compareAndSet(drop, 0)) {
                    throw org.printhub.device.DeviceException.retryable("offline-report",
                            "the printer closed the link");
                }
                events.postEvent(new Event(DeviceReadings.PROGRESS, Map.of(DeviceReadings.DEVICE_ID, ID,
                        DeviceReadings.TIME, System.currentTimeMillis(), DeviceReadings.JOB_ID, task.job().id(),
                        DeviceReadings.BYTES_DONE, done, DeviceReadings.BYTES_TOTAL, total)));
                events.postEvent(new Event(DeviceReadings.TEMPERATURES, Map.of(DeviceReadings.DEVICE_ID, ID,
                        DeviceReadings.TIME, System.currentTimeMillis(), DeviceReadings.actual("tool0"), 210.5,
                        DeviceReadings.target("tool0"), 215.0, DeviceReadings.actual("bed"), 60.0)));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
