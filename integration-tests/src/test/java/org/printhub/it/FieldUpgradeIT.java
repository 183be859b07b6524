package org.printhub.it;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.junit.Assume.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.osgi.framework.Version;
import org.printhub.device.testing.PeerProcesses;

/**
 * Field upgrades of a driver while a job is printing and others wait: a newer jar dropped into deploy/, Gogo's
 * {@code update}, and the printer's configuration deleted and put back. After each, every job reaches the real
 * peer (socat on a raw port, reading slowly so that a job is mid-print) byte for byte, the interrupted one from
 * its first byte again, and nothing of the old driver remains: no dispatcher thread for it, no connection to
 * the peer.
 */
public class FieldUpgradeIT {
    private static final String SOCAT = "/usr/bin/socat";
    private static final String DEVICE = "slow";
    private static final String SOCKET_BSN = "org.printhub.device.socket";
    private static final int JOBS = 4;
    private static final int DOCUMENT_BYTES = 1_000_000;
    private static final Pattern ACCEPTED = Pattern.compile("job (\\d+) pending on " + DEVICE + " from shell");
    private static final Pattern COMPLETED = Pattern.compile("job (\\d+) processing -> completed on " + DEVICE + "\\b");

    private Path work;
    private Path deploy;
    private Path received;
    private Process peer;
    private int peerPort;
    private PrinthubProcess server;
    private final List<byte[]> documents = new ArrayList<>();
    private final List<Long> jobIds = new ArrayList<>();

    @Before
    public void startPeerAndServer() throws Exception {
        assumeTrue("socat is needed: apt-get install socat", Files.isExecutable(Path.of(SOCAT)));
        work = Files.createDirectories(PrinthubOptions.workDirectory("field-upgrade"));
        deploy = Files.createDirectories(work.resolve("deploy"));
        received = Files.createDirectories(work.resolve("received"));
        startSlowPeer();
        Random random = new Random(9);
        for (int i = 0; i < JOBS; i++) {
            byte[] doc = new byte[DOCUMENT_BYTES];
            random.nextBytes(doc);
            byte[] head = ("document " + i + "\n").getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(head, 0, doc, 0, head.length); // the peer's files say which job they are
            Files.write(work.resolve("doc-" + i + ".prn"), doc);
            documents.add(doc);
        }
        Files.writeString(deploy.resolve("org.printhub.device.socket-" + DEVICE + ".cfg"),
                "host=127.0.0.1\nport=" + peerPort + "\nioTimeoutSeconds=60\n");
        server = PrinthubProcess.start(work, "printhub.defaults=false", "felix.fileinstall.poll=500");
        server.await("the slow printer", 1, 60_000, l -> l.contains("device " + DEVICE + " (socket) added"));
        // the console takes commands before the job commands exist; submitting is not something to repeat
        server.commandUntil("device:show " + DEVICE, "the device commands", 30_000, l -> l.matches("(g! )?driver\\s+socket"));
    }

    @After
    public void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (peer != null) {
            PeerProcesses.stop(peer.toHandle());
        }
    }

    @Test
    public void aNewerJarDroppedIntoDeployTakesOverWithoutLosingAJob() throws Exception {
        assertEquals("one active driver bundle before", 1, activeVersions(SOCKET_BSN).size());
        Path newer = newerVersionOf(runtimeBundle(SOCKET_BSN), work.resolve("socket-v2.jar.part"));
        String newVersion = bundleVersion(newer);
        long printing = submitAndAwaitMidPrint();

        Files.move(newer, deploy.resolve(SOCKET_BSN + ".jar"), StandardCopyOption.ATOMIC_MOVE);

        awaitInterruptedAndReprinted(printing);
        // however the runtime does it (an update in place, or the old bundle stopped): only the new version runs
        assertEquals("the active " + SOCKET_BSN + " bundles", List.of(newVersion), activeVersions(SOCKET_BSN));
        assertEverythingPrintedAndNothingLeft(printing);
    }

    @Test
    public void updateInTheShellResumesTheInterruptedJobOnTheNewBundle() throws Exception {
        List<ActiveBundle> before = activeBundles(SOCKET_BSN);
        assertEquals("one active driver bundle before: " + before, 1, before.size());
        long bundle = before.get(0).id();
        Path newer = newerVersionOf(runtimeBundle(SOCKET_BSN), work.resolve("socket-v2.jar"));
        String newVersion = bundleVersion(newer);
        long printing = submitAndAwaitMidPrint();

        server.command("update " + bundle + " " + newer.toUri());

        awaitInterruptedAndReprinted(printing);
        assertEquals("the same bundle at the new version", List.of(new ActiveBundle(bundle, newVersion)),
                activeBundles(SOCKET_BSN));
        assertEverythingPrintedAndNothingLeft(printing);
    }

    @Test
    public void aDeletedConfigurationPutBackResumesTheInterruptedJob() throws Exception {
        Path cfg = deploy.resolve("org.printhub.device.socket-" + DEVICE + ".cfg");
        Path aside = work.resolve("slow.cfg.aside");
        long printing = submitAndAwaitMidPrint();

        Files.move(cfg, aside);
        server.await("the printer gone", 1, 30_000, l -> l.contains("device " + DEVICE + " (socket) removed"));
        server.await("job " + printing + " back in the queue", 1, 10_000,
                l -> l.matches(".*job " + printing + " processing -> pending on " + DEVICE + "\\b.*"));
        // while the printer is away: no worker, no connection, and the waiting jobs stay waiting
        assertEquals("dispatcher threads for " + DEVICE, 0, awaitDeviceThreads(0));
        assertEquals("connections to the peer", 0, awaitConnectionsToPeer(0));
        assertEquals("jobs completed while the printer was away", 0, completed().size());

        Files.move(aside, cfg);
        awaitInterruptedAndReprinted(printing);
        assertEverythingPrintedAndNothingLeft(printing);
    }

    /** socat on 127.0.0.1, any port, writing each connection to its own file at about 300 KB/s. */
    private void startSlowPeer() throws IOException {
        // a script rather than an inline command: socat's address syntax would take parts of it as options
        Path slowCat = work.resolve("slow-cat.sh");
        Files.writeString(slowCat, String.join("\n",
                "f=" + received + "/conn-$(date +%s%N)-$$.prn",
                ": > \"$f\"",
                "while :; do",
                "  s=$(stat -c %s \"$f\")",
                "  dd bs=16384 count=1 iflag=fullblock status=none >> \"$f\"",
                "  [ \"$(stat -c %s \"$f\")\" -gt \"$s\" ] || break",
                "  sleep 0.05",
                "done", ""));
        int[] port = new int[1];
        peer = PeerProcesses.socat(new ProcessBuilder(SOCAT, "-d", "-d", "-u",
                "TCP-LISTEN:0,bind=127.0.0.1,reuseaddr,fork,rcvbuf=16384", "SYSTEM:sh " + slowCat), port);
        peerPort = port[0];
    }

    /** Submits every document; returns the job that is printing once the peer has part of it. */
    private long submitAndAwaitMidPrint() throws Exception {
        for (int i = 0; i < JOBS; i++) {
            server.command("job:submit " + work.resolve("doc-" + i + ".prn") + " " + DEVICE);
        }
        for (Matcher m : server.await("accepted jobs", JOBS, 30_000, ACCEPTED)) {
            jobIds.add(Long.parseLong(m.group(1)));
        }
        Collections.sort(jobIds);
        long first = jobIds.get(0);
        server.await("job " + first + " printing", 1, 20_000,
                l -> l.matches(".*job " + first + " pending -> processing on " + DEVICE + "\\b.*"));
        long end = System.currentTimeMillis() + 20_000;
        while (receivedBytes() < 64 * 1024) {
            if (System.currentTimeMillis() > end) {
                fail("the peer received only " + receivedBytes() + " bytes of job " + first);
            }
            Thread.sleep(50);
        }
        assertTrue("job " + first + " still printing: the peer reads slowly enough", completed().isEmpty());
        return first;
    }

    private void awaitInterruptedAndReprinted(long printing) throws InterruptedException {
        server.await("job " + printing + " back in the queue", 1, 30_000,
                l -> l.matches(".*job " + printing + " processing -> pending on " + DEVICE + "\\b.*"));
        server.await("every job completed", JOBS, 120_000, COMPLETED);
    }

    private void assertEverythingPrintedAndNothingLeft(long printing) throws Exception {
        assertEquals("dispatcher threads for " + DEVICE + " (the old one gone, one for the new)", 1, awaitDeviceThreads(1));
        assertEquals("connections to the peer left open", 0, awaitConnectionsToPeer(0));
        assertFalse("no stack trace in the log", server.lines().stream().anyMatch(l -> l.startsWith("\tat ")));

        List<Long> done = completed();
        Collections.sort(done);
        assertEquals("every job completed once", jobIds, done);
        assertEquals("job " + printing + " was the one interrupted, once",
                1, server.lines().stream().filter(l -> l.matches(".*job \\d+ processing -> pending on .*")).count());

        // the peer: each job whole in a file of its own, and before them the interrupted attempt, a strict prefix
        List<Path> files = receivedFiles();
        boolean[] whole = new boolean[JOBS];
        for (Path f : files) {
            byte[] got = Files.readAllBytes(f);
            int doc = documentIndex(got, f);
            if (got.length == DOCUMENT_BYTES) {
                assertArrayEquals("bytes of document " + doc + " in " + f, documents.get(doc), got);
                assertFalse("document " + doc + " reached the printer whole twice: the attempt interrupted when the "
                        + "printer went away was delivered in full after the job had gone back to the queue, and "
                        + "the job then printed again; files " + files, whole[doc]);
                whole[doc] = true;
            } else {
                assertEquals("only the interrupted job (document 0) is partial: " + f, 0, doc);
                assertTrue(f + " is shorter", got.length < DOCUMENT_BYTES);
                assertArrayEquals("the partial attempt is the start of document 0",
                        Arrays.copyOf(documents.get(0), got.length), got);
            }
        }
        assertEquals("connections: one per job, plus the interrupted attempt " + files, JOBS + 1, files.size());
        assertTrue("the first connection is the interrupted attempt, the reprint a later one from byte 0",
                Files.size(files.get(0)) < DOCUMENT_BYTES);
    }

    private int documentIndex(byte[] got, Path f) {
        String head = new String(got, 0, Math.min(got.length, 16), StandardCharsets.US_ASCII);
        Matcher m = Pattern.compile("^document (\\d+)\n").matcher(head);
        assertTrue("a file the test sent: " + f + " starts with " + head, m.find());
        return Integer.parseInt(m.group(1));
    }

    private List<Long> completed() {
        List<Long> ids = new ArrayList<>();
        for (String l : server.lines()) {
            Matcher m = COMPLETED.matcher(l);
            if (m.find()) {
                ids.add(Long.parseLong(m.group(1)));
            }
        }
        return ids;
    }

    private List<Path> receivedFiles() throws IOException {
        try (Stream<Path> files = Files.list(received)) {
            return files.filter(p -> p.toString().endsWith(".prn")).sorted().toList();
        }
    }

    private long receivedBytes() throws IOException {
        long total = 0;
        for (Path f : receivedFiles()) {
            total += Files.size(f);
        }
        return total;
    }

    record ActiveBundle(long id, String version) {
    }

    /** The active bundles with this symbolic name, from Gogo's {@code lb -s}. */
    private List<ActiveBundle> activeBundles(String bsn) throws Exception {
        Pattern row = Pattern.compile("^\\s*(\\d+)\\|Active\\s*\\|\\s*\\d+\\|" + Pattern.quote(bsn) + " \\(([^)]+)\\)");
        String marker = "listed-" + System.nanoTime();
        server.command("lb -s " + bsn);
        // the console answers in order: once the marker is back, the list is complete above it
        server.awaitCommand("echo " + marker, "the bundle list", 20_000, l -> l.contains(marker));
        List<String> all = List.copyOf(server.lines());
        int end = all.size() - 1;
        while (!all.get(end).contains(marker)) {
            end--;
        }
        List<ActiveBundle> active = new ArrayList<>();
        for (int i = end - 1; i >= 0 && !all.get(i).contains("START LEVEL"); i--) {
            Matcher m = row.matcher(all.get(i));
            if (m.find()) {
                active.add(0, new ActiveBundle(Long.parseLong(m.group(1)), m.group(2)));
            }
        }
        return active;
    }

    private List<String> activeVersions(String bsn) throws Exception {
        return activeBundles(bsn).stream().map(ActiveBundle::version).toList();
    }

    /** The driver jar as printhub.jar carries it. */
    private Path runtimeBundle(String bsn) throws IOException {
        try (JarFile jar = new JarFile(PrinthubOptions.printhubJar().toFile())) {
            for (JarEntry e : Collections.list(jar.entries())) {
                if (e.getName().startsWith("jar/" + bsn + "-") && e.getName().endsWith(".jar")) {
                    Path out = work.resolve(e.getName().substring(4));
                    try (InputStream in = jar.getInputStream(e)) {
                        Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                    }
                    return out;
                }
            }
        }
        throw new AssertionError("no " + bsn + " in " + PrinthubOptions.printhubJar());
    }

    /** A copy of a bundle whose Bundle-Version is one micro step higher: "the next release" of the driver. */
    static Path newerVersionOf(Path bundle, Path target) throws IOException {
        try (JarInputStream in = new JarInputStream(Files.newInputStream(bundle))) {
            Manifest manifest = new Manifest(in.getManifest());
            Version v = Version.parseVersion(manifest.getMainAttributes().getValue("Bundle-Version"));
            Version next = new Version(v.getMajor(), v.getMinor(), v.getMicro() + 1, "upgrade");
            manifest.getMainAttributes().put(new Attributes.Name("Bundle-Version"), next.toString());
            try (OutputStream file = Files.newOutputStream(target); JarOutputStream out = new JarOutputStream(file, manifest)) {
                for (JarEntry e = in.getNextJarEntry(); e != null; e = in.getNextJarEntry()) {
                    out.putNextEntry(new JarEntry(e.getName()));
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
        }
        return target;
    }

    static String bundleVersion(Path bundle) throws IOException {
        try (JarFile jar = new JarFile(bundle.toFile())) {
            return jar.getManifest().getMainAttributes().getValue("Bundle-Version");
        }
    }

    /**
     * Threads named for this printer's dispatcher worker in the server, from {@code jcmd <pid> Thread.print},
     * waiting (bounded) for {@code expected}: a stopped worker ends within the core's stop timeout.
     */
    private int awaitDeviceThreads(int expected) throws Exception {
        Pattern name = Pattern.compile("^\"printhub-device-" + Pattern.quote(DEVICE) + "(-\\d+)?\"");
        return awaitLines(expected, l -> name.matcher(l).find(), "jcmd", Long.toString(server.pid()), "Thread.print");
    }

    /**
     * TCP sockets to the peer that the server still holds, in any state (established, close-wait, ...), from
     * {@code ss}, waiting (bounded) for {@code expected}. A socket the process has closed shows no process.
     */
    private int awaitConnectionsToPeer(int expected) throws Exception {
        return awaitLines(expected, l -> l.contains("pid=" + server.pid() + ","),
                "ss", "-tanpH", "dport", "= :" + peerPort);
    }

    /** Runs {@code command} until {@code expected} lines of its output match, for at most 10 s; the last count. */
    private static int awaitLines(int expected, Predicate<String> match, String... command) throws Exception {
        long end = System.currentTimeMillis() + 10_000;
        int count;
        do {
            count = (int) run(command).stream().filter(match).count();
            if (count == expected) {
                return count;
            }
            Thread.sleep(200);
        } while (System.currentTimeMillis() < end);
        return count;
    }

    private static List<String> run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertTrue(String.join(" ", command) + " ended", p.waitFor(20, TimeUnit.SECONDS));
        assertEquals(String.join(" ", command) + ": " + out, 0, p.exitValue());
        return out;
    }
}
