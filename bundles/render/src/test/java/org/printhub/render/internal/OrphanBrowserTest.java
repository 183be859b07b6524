package org.printhub.render.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.printhub.render.HtmlSource;
import org.printhub.render.RenderSettings;

/**
 * A server JVM that rendered with Chromium is killed with SIGKILL (no shutdown hook runs): within 5 s no process
 * of its browser may remain, and the next browser started removes the profile directory it left.
 */
@Timeout(120)
class OrphanBrowserTest {
    private static final String CHROMIUM = "/usr/bin/chromium";

    @Test
    void theBrowserDiesWithAKilledServer() throws Exception {
        assumeTrue(Files.isExecutable(Path.of(CHROMIUM)), "Chromium is not installed (scripts/test.sh installs it)");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "setpriv (util-linux) is missing");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process server = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                RenderOnceAndWait.class.getName(), CHROMIUM).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            String profile = null;
            BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(),
                    StandardCharsets.UTF_8));
            for (String line; (line = out.readLine()) != null;) {
                if (line.startsWith("profile ")) {
                    profile = line.substring("profile ".length());
                    break;
                }
            }
            assertNotNull(profile, "the child never rendered");
            List<ProcessHandle> browser = server.toHandle().descendants().toList();
            List<Long> naming = processesNaming(profile);
            assertFalse(browser.isEmpty());
            assertFalse(naming.isEmpty(), "no process names " + profile);

            server.destroyForcibly(); // SIGKILL
            assertTrue(server.waitFor(10, TimeUnit.SECONDS));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (System.nanoTime() < deadline
                    && (browser.stream().anyMatch(ProcessHandle::isAlive) || !processesNaming(profile).isEmpty())) {
                Thread.sleep(100);
            }
            assertEquals(List.of(), browser.stream().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).toList(),
                    "browser processes outlived the killed server");
            assertEquals(List.of(), processesNaming(profile), "processes still name " + profile);

            // the profile it could not remove goes with the next start
            assertTrue(Files.exists(Path.of(profile)));
            try (ChromiumHtmlToPdf next = new ChromiumHtmlToPdf(
                    new HttpUrlFetcher(TestConfigs.fetch(1 << 20, 5, 3)),
                    TestConfigs.render("chromium", CHROMIUM, false, 60, 10))) {
                next.render(HtmlSource.html("<p>next</p>", null, null), RenderSettings.builder().build(),
                        OutputStream.nullOutputStream());
            }
            assertFalse(Files.exists(Path.of(profile)), profile + " is still there");
        } finally {
            server.destroyForcibly();
        }
    }

    /** Pids whose command line mentions {@code text}, from /proc. */
    private static List<Long> processesNaming(String text) throws IOException {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(p -> {
                        try {
                            return new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8)
                                    .contains(text);
                        } catch (IOException e) {
                            return false; // gone meanwhile
                        }
                    }).map(p -> Long.parseLong(p.getFileName().toString())).toList();
        }
    }
}
