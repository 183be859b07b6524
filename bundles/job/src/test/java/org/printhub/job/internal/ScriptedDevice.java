package org.printhub.job.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

import org.printhub.device.Device;
import org.printhub.device.DeviceException;
import org.printhub.device.DeviceInfo;
import org.printhub.device.PrintTask;

/** A device whose behaviour per attempt is scripted by the test; by default it reads and keeps every byte. */
final class ScriptedDevice implements Device {
    interface Step {
        void run(PrintTask task) throws DeviceException, InterruptedException;
    }

    private final DeviceInfo info;
    private final LinkedBlockingQueue<Step> script = new LinkedBlockingQueue<>();
    final Map<Long, byte[]> printed = new ConcurrentHashMap<>();
    final List<Long> order = new CopyOnWriteArrayList<>();

    ScriptedDevice(String id) {
        this(DeviceInfo.builder(id, "scripted").build());
    }

    ScriptedDevice(DeviceInfo info) {
        this.info = info;
    }

    /** The next attempt runs {@code step} instead of printing normally. */
    ScriptedDevice then(Step step) {
        script.add(step);
        return this;
    }

    @Override
    public DeviceInfo info() {
        return info;
    }

    @Override
    public void print(PrintTask task) throws DeviceException, InterruptedException {
        Step step = script.poll();
        if (step != null) {
            step.run(task);
            return;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < task.documents().size(); i++) {
            task.checkpoint();
            try (InputStream in = task.openDocument(i)) {
                in.transferTo(out);
            } catch (IOException e) {
                throw DeviceException.retryable("other", e.getMessage());
            }
        }
        task.reportPages(1);
        order.add(task.job().id());
        printed.put(task.job().id(), out.toByteArray());
    }
}
