package org.printhub.api.octoprint.internal;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Map;

import org.osgi.service.event.EventAdmin;
import org.printhub.device.Device;
import org.printhub.job.JobService;
import org.printhub.job.PrinterService;
import org.printhub.job.store.JobStore;
import org.printhub.store.internal.Config;
import org.printhub.store.internal.JdbcJobStore;

/**
 * The real core behind the surface: the job service with its dispatcher, on the H2 job store with its spool in a
 * temporary directory. Both are the bundles' own component classes, built as Declarative Services would build them
 * (the job service's constructor takes a package-private configuration type, hence the reflection).
 */
final class RealCore implements AutoCloseable {
    final JdbcJobStore store;
    final JobService jobs;
    final TestEvents events = new TestEvents();

    RealCore(Path dir) throws Exception {
        store = new JdbcJobStore(Annotations.of(Config.class, Map.of("url",
                "jdbc:h2:file:" + dir.resolve("db/printhub") + ";DB_CLOSE_ON_EXIT=FALSE", "spoolDirectory",
                dir.resolve("spool").toString(), "journalDirectory", dir.resolve("journal").toString(),
                "minFreeBytes", 0L)), null, new org.h2.util.OsgiDataSourceFactory(new org.h2.Driver()));
        Class<?> impl = Class.forName("org.printhub.job.internal.JobServiceImpl");
        Class<?> coreConfig = Class.forName("org.printhub.job.internal.CoreConfig");
        Constructor<?> c = impl.getConstructor(coreConfig, JobStore.class, EventAdmin.class);
        jobs = (JobService) c.newInstance(Annotations.of(coreConfig, Map.of("progressIntervalMillis", 100L,
                "retainEndedJobsHours", 0L)), store, events);
    }

    PrinterService printers() {
        return (PrinterService) jobs;
    }

    void addDevice(Device device) throws Exception {
        call("addDevice", device);
    }

    void removeDevice(Device device) throws Exception {
        call("removeDevice", device);
    }

    private void call(String name, Device device) throws Exception {
        Method m = jobs.getClass().getDeclaredMethod(name, Device.class);
        m.setAccessible(true);
        m.invoke(jobs, device);
    }

    @Override
    public void close() throws Exception {
        Method deactivate = jobs.getClass().getDeclaredMethod("deactivate");
        deactivate.setAccessible(true);
        deactivate.invoke(jobs);
        Method close = store.getClass().getDeclaredMethod("close");
        close.setAccessible(true);
        close.invoke(store);
        events.close();
    }
}
