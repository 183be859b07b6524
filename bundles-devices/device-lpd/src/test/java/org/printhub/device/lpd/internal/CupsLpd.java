package org.printhub.device.lpd.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.printhub.device.testing.PeerProcesses;

/**
 * CUPS' cups-lpd, run inetd-style by socat, in front of a private cupsd (not the machine's) with a raw queue
 * {@code accept} that keeps every job's files: {@code spool/d<job>-001} is the document as received and
 * {@code spool/c<job>} the job's IPP attributes (user and job name among them). As in the peers' start-peers.sh.
 */
final class CupsLpd implements AutoCloseable {
    static final String CUPSD = "/usr/sbin/cupsd";
    static final String CUPS_LPD = "/usr/lib/cups/daemon/cups-lpd";
    static final String SOCAT = "/usr/bin/socat";
    static final String LPADMIN = "/usr/sbin/lpadmin";

    private final Path dir;
    private final Process cupsd;
    private final Process socat;
    private final int port;

    private CupsLpd(Path dir, Process cupsd, Process socat, int port) {
        this.dir = dir;
        this.cupsd = cupsd;
        this.socat = socat;
        this.port = port;
    }

    static CupsLpd start(Path directory) throws IOException, InterruptedException {
        PeerProcesses.assumeInstalled("apt-get install cups cups-client socat", CUPSD, CUPS_LPD, SOCAT, LPADMIN);
        Path dir = PeerProcesses.openDirectory(directory);
        for (String d : List.of("etc", "spool", "cache", "state", "log", "tmp")) {
            Files.createDirectories(dir.resolve(d));
        }
        PeerProcesses.run(List.of("chown", "lp:lp", dir.resolve("tmp").toString()));
        PeerProcesses.run(List.of("chmod", "1777", dir.resolve("tmp").toString()));
        int cupsPort = PeerProcesses.freePort();
        Files.writeString(dir.resolve("etc/cups-files.conf"), String.join("\n",
                "ServerRoot " + dir.resolve("etc"), "RequestRoot " + dir.resolve("spool"),
                "CacheDir " + dir.resolve("cache"), "StateDir " + dir.resolve("state"), "TempDir " + dir.resolve("tmp"),
                "DataDir /usr/share/cups", "ServerBin /usr/lib/cups", "DocumentRoot /usr/share/cups/doc-root",
                "AccessLog " + dir.resolve("log/access_log"), "ErrorLog " + dir.resolve("log/error_log"),
                "PageLog " + dir.resolve("log/page_log"), "User lp", "Group lp", "SystemGroup root", ""));
        Files.writeString(dir.resolve("etc/cupsd.conf"), String.join("\n",
                "Listen 127.0.0.1:" + cupsPort, "LogLevel info", "PreserveJobFiles Yes", "PreserveJobHistory Yes",
                "MaxJobs 0", "WebInterface No", "Browsing No", "BrowseLocalProtocols none", "DefaultAuthType None",
                "<Location />", "  Order allow,deny", "  Allow 127.0.0.1", "</Location>",
                "<Location /admin>", "  Order allow,deny", "  Allow 127.0.0.1", "</Location>",
                "<Policy default>", "  <Limit All>", "    Order deny,allow", "  </Limit>", "</Policy>", ""));
        Process cupsd = new ProcessBuilder(CUPSD, "-f", "-c", dir.resolve("etc/cupsd.conf").toString(),
                "-s", dir.resolve("etc/cups-files.conf").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("log/cupsd.out").toFile()).start();
        Process socat = null;
        try {
            PeerProcesses.awaitListening(cupsPort);
            PeerProcesses.run(List.of(LPADMIN, "-h", "127.0.0.1:" + cupsPort, "-p", "accept", "-E", "-v", "file:///dev/null"));
            ProcessBuilder inetd = new ProcessBuilder(SOCAT, "-d", "-d",
                    "TCP-LISTEN:0,bind=127.0.0.1,reuseaddr,fork", "EXEC:" + CUPS_LPD + " -o job-sheets=none,nofork");
            inetd.environment().put("CUPS_SERVER", "127.0.0.1:" + cupsPort);
            int[] port = new int[1];
            socat = PeerProcesses.socat(inetd, port);
            return new CupsLpd(dir, cupsd, socat, port[0]);
        } catch (IOException | RuntimeException e) {
            PeerProcesses.stop(cupsd.toHandle());
            throw e;
        }
    }

    int port() {
        return port;
    }

    /** A job as cupsd keeps it: the document received, and the job's attributes file. */
    record Received(byte[] document, byte[] attributes) {
    }

    /** Waits (bounded) for CUPS job {@code id} to be spooled whole. */
    Received awaitJob(int id, long size) throws IOException, InterruptedException {
        Path document = dir.resolve(String.format("spool/d%05d-001", id));
        Path attributes = dir.resolve(String.format("spool/c%05d", id));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (Files.exists(document) && Files.size(document) >= size && Files.exists(attributes)) {
                return new Received(Files.readAllBytes(document), Files.readAllBytes(attributes));
            }
            Thread.sleep(50);
        }
        throw new AssertionError("cupsd spooled no job " + id + " of " + size + " bytes; error_log: "
                + Files.readString(dir.resolve("log/error_log")));
    }

    @Override
    public void close() {
        if (socat != null) {
            PeerProcesses.stop(socat.toHandle());
        }
        PeerProcesses.stop(cupsd.toHandle());
    }
}
