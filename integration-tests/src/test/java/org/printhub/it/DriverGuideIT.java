package org.printhub.it;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.Test;

/**
 * docs/writing-a-driver.md followed word for word: its files written into an empty folder, built offline with
 * Maven, the jar moved into a running server's deploy/, a printer configured with the guide's .cfg (its folder
 * pointed at a temporary one) and another with its device:add, a test page and a job printed, and the driver
 * upgraded in the field as the guide says.
 */
public class DriverGuideIT {
    private static final Path GUIDE = Paths.get(System.getProperty("printhub.docs", "../docs")).resolve("writing-a-driver.md");
    private static final Pattern FILE_BLOCK = Pattern.compile("<!-- (file|cfg): (\\S+) -->\\n```[a-z]*\\n(.*?)\\n```\\n",
            Pattern.DOTALL);
    private static final String GUIDE_FOLDER = "/srv/rip/in";
    private static final String BSN = "com.example.printhub.hotfolder";

    @Test
    public void theGuidesDriverBuildsDeploysPrintsAndUpgrades() throws Exception {
        Path work = Files.createDirectories(PrinthubOptions.workDirectory("driver-guide"));
        Path project = Files.createDirectories(work.resolve("hotfolder"));
        Path deploy = Files.createDirectories(work.resolve("deploy"));
        Path rip = work.resolve("rip-in");
        Path proofs = work.resolve("rip-proofs");

        Map<String, String> cfgs = new LinkedHashMap<>();
        List<String> written = new ArrayList<>();
        Matcher m = FILE_BLOCK.matcher(Files.readString(GUIDE));
        while (m.find()) {
            if (m.group(1).equals("file")) {
                Path target = project.resolve(m.group(2)).normalize();
                assertTrue("a file inside the project: " + m.group(2), target.startsWith(project));
                Files.createDirectories(target.getParent());
                Files.writeString(target, m.group(3) + "\n");
                written.add(m.group(2));
            } else {
                cfgs.put(m.group(2), m.group(3) + "\n");
            }
        }
        assertEquals("the guide's files", List.of("pom.xml", "bnd.bnd",
                "src/main/java/com/example/printhub/hotfolder/Config.java",
                "src/main/java/com/example/printhub/hotfolder/HotFolderDevice.java"), written);
        assertEquals("the guide's printer configuration", List.of("org.printhub.device.hotfolder-rip.cfg"),
                List.copyOf(cfgs.keySet()));
        String driverLines = Files.readString(project.resolve("src/main/java/com/example/printhub/hotfolder/HotFolderDevice.java"));
        assertTrue("the driver class is short", driverLines.lines().count() < 150);

        Path jar = build(project);
        assertTrue(jar + " built", Files.isRegularFile(jar));

        try (PrinthubProcess server = PrinthubProcess.start(work, "printhub.defaults=false", "felix.fileinstall.poll=500")) {
            server.commandUntil("device:drivers", "the shell", 60_000, l -> l.matches(".*\\bfile\\s+org\\.printhub\\.device\\.file\\b.*"));

            // Deploy: copy beside, then rename in
            Files.copy(jar, deploy.resolve(".hotfolder.jar.part"));
            Files.move(deploy.resolve(".hotfolder.jar.part"), deploy.resolve(BSN + ".jar"), StandardCopyOption.ATOMIC_MOVE);
            Pattern bundleRow = Pattern.compile("^\\s*(\\d+)\\|Active\\s*\\|\\s*\\d+\\|" + Pattern.quote(BSN) + " \\((.+)\\)");
            String row = server.awaitCommand("lb -s hotfolder", "the driver bundle active", 30_000,
                    l -> bundleRow.matcher(l).find());
            Matcher b = bundleRow.matcher(row);
            assertTrue(b.find());
            long bundleId = Long.parseLong(b.group(1));
            assertEquals("1.0.0", b.group(2));
            server.awaitCommand("device:drivers", "the driver listed", 10_000,
                    l -> l.matches("hotfolder\\s+org\\.printhub\\.device\\.hotfolder\\s+" + Pattern.quote(BSN)
                            + " 1\\.0\\.0, 0 printer\\(s\\)"));

            // Configure: the guide's .cfg, its folder made a temporary one
            String cfg = cfgs.get("org.printhub.device.hotfolder-rip.cfg");
            assertTrue(cfg.contains(GUIDE_FOLDER));
            Files.writeString(work.resolve("rip.cfg"), cfg.replace(GUIDE_FOLDER, rip.toString()));
            Files.move(work.resolve("rip.cfg"), deploy.resolve("org.printhub.device.hotfolder-rip.cfg"),
                    StandardCopyOption.ATOMIC_MOVE);
            server.await("the rip printer", 1, 30_000, l -> l.contains("device rip (hotfolder) added"));
            server.awaitCommand("device:show rip", "its model", 10_000, l -> l.contains("Example hot-folder RIP"));

            // Test: the test page, then a job
            server.command("device:test rip");
            long testJob = awaitCompleted(server, 1);
            assertEquals("the guide's job numbers: the test page is job 1", 1, testJob);
            Path testPage = rip.resolve(testJob + "-1.dat");
            assertEquals("%PDF-", new String(Files.readAllBytes(testPage), 0, 5, StandardCharsets.US_ASCII));
            Map<String, String> ticket = ticket(rip.resolve(testJob + ".ticket"));
            assertEquals("1", ticket.get("copies"));
            assertEquals("1", ticket.get("documents"));

            Path report = Files.copy(testPage, work.resolve("report.pdf"));
            server.command("job:submit " + report + " rip");
            long job = awaitCompleted(server, 2);
            assertEquals(2, job);
            assertEquals("the folder the guide describes, nothing half-written", List.of("1-1.dat", "1.ticket", "2-1.dat", "2.ticket"),
                    names(rip));
            assertArrayEquals("the job's bytes in the hot folder", Files.readAllBytes(report),
                    Files.readAllBytes(rip.resolve(job + "-1.dat")));
            assertEquals("report.pdf", ticket(rip.resolve(job + ".ticket")).get("name"));

            // device:add, as the guide shows it
            server.command("device:add hotfolder proofs folder=" + proofs); // not repeated: a second add is refused
            server.await("the added printer", 1, 20_000,
                    l -> l.contains("printer proofs added from " + deploy.resolve("org.printhub.device.hotfolder-proofs.cfg")));

            // Upgrade: a higher version moved over the same file name
            Path newer = FieldUpgradeIT.newerVersionOf(jar, work.resolve("hotfolder-next.jar"));
            String newVersion = FieldUpgradeIT.bundleVersion(newer);
            Files.copy(newer, deploy.resolve(".hotfolder.jar.part"));
            Files.move(deploy.resolve(".hotfolder.jar.part"), deploy.resolve(BSN + ".jar"),
                    StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            String upgraded = server.awaitCommand("lb -s hotfolder", "the upgraded bundle", 30_000,
                    l -> l.matches("\\s*" + bundleId + "\\|Active.*\\(" + Pattern.quote(newVersion) + "\\).*"));
            assertTrue(upgraded, upgraded.contains(BSN));
            server.await("rip back after the upgrade", 2, 30_000, l -> l.contains("device rip (hotfolder) added"));
            server.command("job:submit " + report + " proofs");
            long proof = awaitCompleted(server, 3);
            assertArrayEquals(Files.readAllBytes(report), Files.readAllBytes(proofs.resolve(proof + "-1.dat")));

            assertFalse("no stack trace in the log", server.lines().stream().anyMatch(l -> l.startsWith("\tat ")));
        }
    }

    /** {@code mvn -B -o -q package} in the project, against the local repository the outer build uses. */
    private static Path build(Path project) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("mvn", "-B", "-o", "-q", "package"));
        String repo = System.getProperty("org.ops4j.pax.url.mvn.localRepository");
        if (repo != null && !repo.isBlank()) {
            cmd.add("-Dmaven.repo.local=" + repo);
        }
        Path log = project.resolve("build.log");
        Process p = new ProcessBuilder(cmd).directory(project.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("the guide's build took more than 5 minutes; " + log);
        }
        assertEquals("the guide's build: " + Files.readString(log), 0, p.exitValue());
        return project.resolve("target/" + BSN + "-1.0.0.jar");
    }

    /** The id of the {@code n}th job completed on any printer, waiting for it. */
    private static long awaitCompleted(PrinthubProcess server, int n) throws InterruptedException {
        List<Matcher> done = server.await("job " + n + " completed", n, 30_000,
                Pattern.compile("job (\\d+) processing -> completed on (rip|proofs)\\b"));
        return Long.parseLong(done.get(n - 1).group(1));
    }

    private static Map<String, String> ticket(Path file) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            int eq = line.indexOf('=');
            values.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return values;
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }
}
