package org.printhub.device.ipp.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A private cupsd (not the system's) on a loopback port with one raw queue, {@code accept}, that keeps every job
 * file byte for byte ({@code PreserveJobFiles}) as {@code spool/dNNNNN-001}. Needs root: cupsd drops to lp.
 */
final class PrivateCupsd implements AutoCloseable {
    static final String[] PROGRAMS = { "/usr/sbin/cupsd", "/usr/sbin/lpadmin" };

    private final Path spool;
    private final int port;
    private final PeerProcess process;

    private PrivateCupsd(Path spool, int port, PeerProcess process) {
        this.spool = spool;
        this.port = port;
        this.process = process;
    }

    static boolean available() {
        return PeerProcess.installed(PROGRAMS) && "root".equals(System.getProperty("user.name"));
    }

    static PrivateCupsd start(Path dir) throws IOException, InterruptedException {
        // cupsd's helpers run as lp and must reach these directories
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (String d : List.of("etc", "spool", "cache", "state", "log", "tmp")) {
            Files.createDirectories(dir.resolve(d));
        }
        Files.setPosixFilePermissions(dir.resolve("tmp"), PosixFilePermissions.fromString("rwxrwxrwx"));
        int port = PeerProcess.freePort();
        Files.writeString(dir.resolve("etc/cups-files.conf"), """
                ServerRoot %1$s/etc
                RequestRoot %1$s/spool
                CacheDir %1$s/cache
                StateDir %1$s/state
                TempDir %1$s/tmp
                DataDir /usr/share/cups
                ServerBin /usr/lib/cups
                DocumentRoot /usr/share/cups/doc-root
                AccessLog %1$s/log/access_log
                ErrorLog %1$s/log/error_log
                PageLog %1$s/log/page_log
                User lp
                Group lp
                SystemGroup root
                """.formatted(dir));
        Files.writeString(dir.resolve("etc/cupsd.conf"), """
                Listen 127.0.0.1:%d
                LogLevel info
                PreserveJobFiles Yes
                PreserveJobHistory Yes
                MaxJobs 0
                WebInterface No
                Browsing No
                BrowseLocalProtocols none
                DefaultAuthType None
                <Location />
                  Order allow,deny
                  Allow 127.0.0.1
                </Location>
                <Location /admin>
                  Order allow,deny
                  Allow 127.0.0.1
                </Location>
                <Policy default>
                  <Limit All>
                    Order deny,allow
                  </Limit>
                </Policy>
                """.formatted(port));
        PeerProcess process = PeerProcess.start("cupsd", dir.resolve("log/cupsd.out"), Map.of(), List.of(
                "/usr/sbin/cupsd", "-f", "-c", dir.resolve("etc/cupsd.conf").toString(),
                "-s", dir.resolve("etc/cups-files.conf").toString()));
        try {
            process.awaitPort(port, Duration.ofSeconds(15));
            // a raw queue: no filters, the document is kept exactly as sent
            PeerProcess.run(Duration.ofSeconds(20), Map.of(), "/usr/sbin/lpadmin", "-h", "127.0.0.1:" + port,
                    "-p", "accept", "-E", "-v", "file:///dev/null");
        } catch (IOException | RuntimeException | InterruptedException e) {
            process.close();
            throw e;
        }
        return new PrivateCupsd(dir.resolve("spool"), port, process);
    }

    URI uri() {
        return URI.create("ipp://127.0.0.1:" + port + "/printers/accept");
    }

    List<Path> documents() throws IOException {
        try (Stream<Path> files = Files.list(spool)) {
            return files.filter(f -> f.getFileName().toString().matches("d\\d+-001")).sorted().toList();
        }
    }

    /** The kept file of a job's document, both counted from 1. */
    Path file(int job, int document) {
        return spool.resolve(String.format("d%05d-%03d", job, document));
    }

    @Override
    public void close() {
        process.close();
    }
}
