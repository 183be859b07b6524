package org.printhub.it;

import static org.junit.Assert.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.Test;

/**
 * "Accepted" means on disk: 200 jobs submitted through the console with the printer paused, the process
 * killed with SIGKILL, restarted: every job is there with its id and document, and prints its exact bytes.
 */
public class KillNineIT {
    private static final int JOBS = 200;
    private static final Pattern ACCEPTED =
            Pattern.compile("job (\\d+) pending on crashtest from shell \\(1 document\\(s\\), (\\d+) bytes\\)");
    private static final Pattern PRINTED =
            Pattern.compile("job (\\d+) processing -> completed on crashtest .*sha256 ([0-9a-f]{64})");

    @Test
    public void acceptedJobsSurviveKillNine() throws Exception {
        Path work = Files.createDirectories(PrinthubOptions.workDirectory("kill9"));
        Path deploy = Files.createDirectories(work.resolve("deploy"));
        Files.writeString(deploy.resolve("org.printhub.device.virtual-crashtest.cfg"), "pagesPerMinute=0\n");
        Map<Integer, String> shaBySize = new HashMap<>();
        Random random = new Random(7);
        for (int i = 0; i < JOBS; i++) {
            byte[] doc = new byte[1000 + i];
            random.nextBytes(doc);
            Files.write(work.resolve("doc-" + i + ".bin"), doc);
            shaBySize.put(doc.length, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(doc)));
        }

        Map<Long, Integer> accepted = new TreeMap<>();
        try (PrinthubProcess first = PrinthubProcess.start(work, "printhub.defaults=false")) {
            first.await("the crashtest printer", 1, 60_000, l -> l.contains("device crashtest (virtual) added"));
            first.commandUntil("device:pause crashtest", "the pause", 20_000,
                    l -> l.contains("device crashtest paused"));
            for (int i = 0; i < JOBS; i++) {
                first.command("job:submit " + work.resolve("doc-" + i + ".bin") + " crashtest");
            }
            for (Matcher m : first.await("accepted jobs", JOBS, 120_000, ACCEPTED)) {
                accepted.put(Long.parseLong(m.group(1)), Integer.parseInt(m.group(2)));
            }
            first.kill9();
        }
        assertEquals(JOBS, accepted.size());

        try (PrinthubProcess second = PrinthubProcess.start(work, "printhub.defaults=false")) {
            second.await("the crashtest printer", 1, 60_000, l -> l.contains("device crashtest (virtual) added"));
            second.commandUntil("device:resume crashtest", "the resume", 20_000,
                    l -> l.contains("device crashtest resumed"));
            List<Matcher> printed = second.await("printed jobs", JOBS, 300_000, PRINTED);
            Map<Long, String> printedSha = new TreeMap<>();
            for (Matcher m : printed) {
                printedSha.put(Long.parseLong(m.group(1)), m.group(2));
            }
            assertEquals("every accepted id printed, none invented", accepted.keySet(), printedSha.keySet());
            // how many came back from the journal rather than the database depends on the kill's timing
            second.lines().stream().filter(l -> l.contains("from the journal")).forEach(System.out::println);
            for (Map.Entry<Long, Integer> a : accepted.entrySet()) {
                assertEquals("document of job " + a.getKey(), shaBySize.get(a.getValue()), printedSha.get(a.getKey()));
            }
        }
    }
}
