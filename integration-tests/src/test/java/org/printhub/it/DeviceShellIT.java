package org.printhub.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.Test;

/** What a field engineer does in the console: add, show, test, list drivers, remove; and it survives a restart. */
public class DeviceShellIT {
    @Test
    public void aPrinterAddedInTheShellPrintsItsTestPageAndSurvivesARestart() throws Exception {
        Path work = Files.createDirectories(PrinthubOptions.workDirectory("device-shell"));
        Path deploy = Files.createDirectories(work.resolve("deploy"));
        Path out = Files.createDirectories(work.resolve("out"));
        Files.writeString(deploy.resolve("org.printhub.device.nosuch-orphan.cfg"), "uri=x://y\n");
        try (PrinthubProcess server = PrinthubProcess.start(work, "printhub.defaults=false")) {
            server.commandUntil("device:add file office directory=" + out + " name=Office", "the added printer",
                    30_000, l -> l.contains("printer office added from " + deploy));
            assertTrue(Files.exists(deploy.resolve("org.printhub.device.file-office.cfg")));

            server.command("device:show office");
            server.await("its settings", 1, 10_000, l -> l.contains("directory=" + out) || l.contains(out.toString()));
            server.command("device:drivers");
            server.await("the file driver", 1, 10_000, l -> l.matches(".*\\bfile\\s+org\\.printhub\\.device\\.file\\b.*"));
            server.await("the orphan configuration", 1, 10_000,
                    l -> l.contains("no driver: org.printhub.device.nosuch~orphan"));

            server.command("device:test office");
            server.await("the test page printed", 1, 30_000,
                    l -> l.matches(".*job \\d+ processing -> completed on office.*"));
            Path page;
            try (Stream<Path> files = Files.list(out)) {
                page = files.filter(f -> f.toString().endsWith(".pdf")).findFirst().orElseThrow();
            }
            assertEquals("%PDF-", new String(Files.readAllBytes(page), 0, 5, StandardCharsets.US_ASCII));
            Process text = new ProcessBuilder("pdftotext", page.toString(), "-").redirectErrorStream(true).start();
            String printed = new String(text.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(text.waitFor(10, TimeUnit.SECONDS));
            assertTrue(printed, printed.contains("Printer: office (Office)"));
        }
        try (PrinthubProcess again = PrinthubProcess.start(work, "printhub.defaults=false")) {
            again.await("office back after a restart", 1, 60_000, l -> l.contains("device office (file) added"));
            again.commandUntil("device:remove office", "the removal", 20_000,
                    l -> l.contains("printer office removed (deleted " + deploy.resolve("org.printhub.device.file-office.cfg")));
            again.await("office gone", 1, 20_000, l -> l.contains("device office (file) removed"));
            assertFalse(Files.exists(deploy.resolve("org.printhub.device.file-office.cfg")));
            List<String> lines = again.lines();
            assertFalse("no stack trace", lines.stream().anyMatch(l -> l.startsWith("\tat ")));
        }
    }
}
