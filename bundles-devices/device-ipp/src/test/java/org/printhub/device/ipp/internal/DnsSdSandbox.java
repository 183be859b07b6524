package org.printhub.device.ipp.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What ippeveprinter needs even with {@code -r off} ("Unable to initialize DNS-SD" otherwise): an avahi-daemon
 * on a D-Bus system bus. Both are private here: a bus on a socket of our own (passed to clients as
 * {@code DBUS_SYSTEM_BUS_ADDRESS}), and avahi in its own network namespace, so nothing is announced, and its own
 * mount namespace, so its pid file does not meet another avahi's.
 */
final class DnsSdSandbox implements AutoCloseable {
    static final String[] PROGRAMS = { "/usr/bin/dbus-daemon", "/usr/sbin/avahi-daemon", "/usr/bin/unshare" };

    private final PeerProcess bus;
    private final PeerProcess avahi;
    final Map<String, String> environment;

    private DnsSdSandbox(PeerProcess bus, PeerProcess avahi, Map<String, String> environment) {
        this.bus = bus;
        this.avahi = avahi;
        this.environment = environment;
    }

    static DnsSdSandbox start(Path dir) throws IOException, InterruptedException {
        Path socket = dir.resolve("bus");
        Path config = dir.resolve("bus.conf");
        Files.writeString(config, """
                <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN" \
                "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
                <busconfig>
                  <type>system</type>
                  <listen>unix:path=%s</listen>
                  <auth>EXTERNAL</auth>
                  <policy context="default">
                    <allow user="*"/>
                    <allow own="*"/>
                    <allow send_destination="*" eavesdrop="true"/>
                    <allow eavesdrop="true"/>
                  </policy>
                </busconfig>
                """.formatted(socket));
        Map<String, String> env = Map.of("DBUS_SYSTEM_BUS_ADDRESS", "unix:path=" + socket);
        PeerProcess bus = PeerProcess.start("dbus-daemon", dir.resolve("dbus.log"), Map.of(),
                List.of("dbus-daemon", "--config-file=" + config, "--nofork", "--nopidfile"));
        try {
            bus.awaitFile(socket, Duration.ofSeconds(10));
            PeerProcess avahi = PeerProcess.start("avahi-daemon", dir.resolve("avahi.log"), env,
                    List.of("unshare", "--mount", "--net", "sh", "-c", "mkdir -p /run/avahi-daemon"
                            + " && mount -t tmpfs tmpfs /run/avahi-daemon"
                            + " && exec avahi-daemon --no-drop-root --no-chroot --no-rlimits"));
            waitForLog(avahi, dir.resolve("avahi.log"), "Server startup complete");
            return new DnsSdSandbox(bus, avahi, env);
        } catch (RuntimeException | InterruptedException e) {
            bus.close();
            throw e;
        }
    }

    private static void waitForLog(PeerProcess p, Path log, String line) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!p.logText().contains(line)) {
            if (System.nanoTime() > end) {
                p.close();
                throw new IllegalStateException("avahi-daemon did not start:\n" + p.logText());
            }
            Thread.sleep(50);
        }
    }

    @Override
    public void close() {
        avahi.close();
        bus.close();
    }
}
