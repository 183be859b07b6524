package org.printhub.device.gcode.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;
import org.printhub.device.Device;
import org.printhub.device.DeviceException;
import org.printhub.device.DeviceIds;
import org.printhub.device.DeviceInfo;
import org.printhub.device.PrintTask;
import org.printhub.device.gcode.link.PortAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A 3D printer speaking the Marlin host protocol. The link opens at the first job (or in the background, with
 * {@code autoConnect}) and stays open between jobs; while idle a timer reads temperatures. A job streams its
 * G-code line by line ({@link JobRun}); when the printer stops answering or the link fails the job stops with a
 * retryable reason and the link is opened afresh for the next one. A canceled job, or one whose document turns out
 * not to be G-code, gets the cancel script while the printer still answers.
 */
@Component(service = Device.class, configurationPid = GcodeDevice.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = Config.class, factory = true)
public class GcodeDevice implements Device {
    static final String PID = "org.printhub.device.gcode";
    private static final Logger LOG = LoggerFactory.getLogger(GcodeDevice.class);
    private static final long TICK_MILLIS = 500;
    private static final long RECONNECT_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final Duration SETTLE = Duration.ofSeconds(5);

    private final DeviceInfo info;
    private final PortAddress address;
    private final Duration connectTimeout;
    private final Duration answerTimeout;
    private final int temperatureInterval;
    private final boolean autoConnect;
    private final Scripts scripts;
    private final Readings readings;
    private final ScheduledExecutorService timer;
    private final List<Thread> timerThreads = new CopyOnWriteArrayList<>();

    private final ReentrantLock sessionLock = new ReentrantLock();
    private volatile PrinterSession session;
    private volatile boolean deactivated;
    private long nextConnectNanos;
    private long idlePolledNanos;

    @Activate
    public GcodeDevice(Config config, Map<String, Object> properties, @Reference EventAdmin events) {
        this.address = PortAddress.parse(config.port(), config.baudrate());
        this.connectTimeout = seconds("connectTimeoutSeconds", config.connectTimeoutSeconds(), 1);
        this.answerTimeout = seconds("answerTimeoutSeconds", config.answerTimeoutSeconds(), 1);
        if (config.temperatureInterval() < 0 || config.temperatureInterval() > 60) {
            throw new IllegalArgumentException("temperatureInterval must be 0 to 60 s, not " + config.temperatureInterval());
        }
        this.temperatureInterval = config.temperatureInterval();
        this.autoConnect = config.autoConnect();
        this.scripts = Scripts.of(config);
        this.info = DeviceInfo.builder(DeviceIds.fromConfiguration(properties), "gcode")
                .name(config.name())
                .location(config.location())
                .makeAndModel("G-code printer (Marlin host protocol)")
                .uri(address.toString())
                .documentFormats(config.documentFormats())
                .color(false)
                // a print cut short by a server restart or a driver update left a part on the bed
                .restartsInterruptedJobs(false)
                .build();
        this.readings = new Readings(events, info.id());
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gcode-" + info.id() + "-timer");
            t.setDaemon(true);
            timerThreads.add(t);
            return t;
        });
        this.nextConnectNanos = System.nanoTime();
        this.idlePolledNanos = nextConnectNanos - TimeUnit.SECONDS.toNanos(temperatureInterval);
        timer.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    private static Duration seconds(String name, int value, int min) {
        if (value < min || value > 3600) {
            throw new IllegalArgumentException(name + " must be " + min + " to 3600, not " + value);
        }
        return Duration.ofSeconds(value);
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        deactivated = true;
        timer.shutdownNow();
        PrinterSession s = session;
        if (s != null) {
            boolean wasOpen = s.isOpen();
            s.close();
            if (wasOpen) {
                readings.connection("closed", "device " + info.id() + " stopped");
            }
        }
        if (!timer.awaitTermination(connectTimeout.toSeconds() + 5, TimeUnit.SECONDS)) {
            LOG.warn("device {}: its timer did not stop", info.id());
        }
        for (Thread t : timerThreads) {
            t.join(1000); // the executor has terminated; its thread is on its way out
        }
        s = session;
        if (s != null) {
            s.close(); // one the timer opened meanwhile
        }
        readings.flush();
    }

    @Override
    public DeviceInfo info() {
        return info;
    }

    @Override
    public void print(PrintTask task) throws DeviceException, InterruptedException {
        task.checkpoint();
        PrinterSession s;
        try {
            s = acquire();
        } catch (PrinterFailure e) {
            LOG.warn("device {}: job {} waits: {}", info.id(), task.job().id(), e.getMessage());
            throw e.toDeviceException();
        }
        JobRun run = new JobRun(task, s, readings, scripts, temperatureInterval);
        try {
            run.run();
        } catch (PrinterFailure e) {
            drop(s, e);
            LOG.warn("device {}: job {} stopped: {}", info.id(), task.job().id(), e.getMessage());
            // Once the printer has moves of this job, printing it again from the start would print over the part
            // on the bed: the job ends, and only an operator who cleared the bed starts it again.
            throw run.linesSent() > 0 ? e.toFailedPrint(run.linesSent()) : e.toDeviceException();
        } catch (DeviceException e) {
            LOG.warn("device {}: job {} failed: {}", info.id(), task.job().id(), e.getMessage());
            makeSafe(s, "failed");
            throw e;
        } catch (InterruptedException e) {
            makeSafe(s, "canceled");
            throw e;
        } finally {
            s.exchange().unlock();
            readings.flush();
        }
    }

    /** The open session, opened if need be, with its exchange held. */
    private PrinterSession acquire() throws PrinterFailure, InterruptedException {
        while (true) {
            PrinterSession s;
            sessionLock.lockInterruptibly();
            try {
                s = openSession();
            } finally {
                sessionLock.unlock();
            }
            s.exchange().lockInterruptibly();
            if (s.isOpen()) {
                return s;
            }
            s.exchange().unlock(); // it failed while we waited for it: open another
        }
    }

    /** Under the session lock: the session, or a new one when there is none or it failed. */
    private PrinterSession openSession() throws PrinterFailure, InterruptedException {
        PrinterSession s = session;
        if (s != null && s.isOpen()) {
            return s;
        }
        if (s != null) {
            s.close();
            session = null;
        }
        if (deactivated) {
            throw new PrinterFailure(PrinterFailure.OFFLINE_REPORT, "device " + info.id() + " is going away");
        }
        s = PrinterSession.open(address, connectTimeout, answerTimeout, readings, "gcode-" + info.id() + "-reader");
        session = s;
        if (deactivated) {
            s.close();
            throw new PrinterFailure(PrinterFailure.OFFLINE_REPORT, "device " + info.id() + " is going away");
        }
        LOG.info("device {}: connected to {}", info.id(), address);
        readings.connection("open", "connected to " + address);
        if (temperatureInterval > 0) {
            s.exchange().lock();
            try {
                s.send("M155 S" + temperatureInterval); // auto-report; a printer without it answers ok all the same
            } finally {
                s.exchange().unlock();
            }
        }
        return s;
    }

    private void drop(PrinterSession s, PrinterFailure why) {
        s.close();
        readings.connection("error", why.getMessage());
    }

    /** After a cancel or a failed document: the cancel script, as far as the printer still answers. */
    private void makeSafe(PrinterSession s, String what) {
        boolean interrupted = Thread.interrupted();
        try {
            s.settle(SETTLE);
            for (String line : scripts.cancel().render(Map.of())) {
                s.send(line);
            }
            LOG.info("device {}: job {}, cancel script sent", info.id(), what);
        } catch (PrinterFailure e) {
            drop(s, e);
            LOG.warn("device {}: cancel script not sent: {}", info.id(), e.getMessage());
        } catch (InterruptedException e) {
            interrupted = true;
            LOG.warn("device {}: cancel script interrupted", info.id());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** On the timer: flush readings; connect when idle (autoConnect) and poll temperatures between jobs. */
    private void tick() {
        try {
            idle();
        } catch (RuntimeException e) { // a scheduled task that throws is never run again
            LOG.warn("device {}: {}", info.id(), e.toString(), e);
        }
    }

    private void idle() {
        readings.flush();
        if (deactivated || temperatureInterval == 0 && !autoConnect) {
            return;
        }
        PrinterSession s = session;
        long now = System.nanoTime();
        if ((s == null || !s.isOpen()) && autoConnect && now - nextConnectNanos >= 0) {
            nextConnectNanos = now + RECONNECT_NANOS;
            if (!sessionLock.tryLock()) {
                return;
            }
            try {
                s = openSession();
            } catch (PrinterFailure e) {
                LOG.debug("device {}: {}", info.id(), e.getMessage());
                readings.connection("error", e.getMessage());
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                sessionLock.unlock();
            }
        }
        if (s == null || !s.isOpen() || temperatureInterval == 0) {
            return;
        }
        long interval = TimeUnit.SECONDS.toNanos(temperatureInterval);
        if (now - s.temperatureNanos() <= 2 * interval || now - idlePolledNanos < interval || !s.exchange().tryLock()) {
            return;
        }
        try {
            idlePolledNanos = now;
            s.send("M105");
        } catch (PrinterFailure e) {
            LOG.info("device {}: {}", info.id(), e.getMessage());
            drop(s, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            s.exchange().unlock();
        }
    }
}
