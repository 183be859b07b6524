package org.printhub.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceSetupCommandsTest {
    @TempDir
    Path dir;

    @Test
    void driverNamesBecomeFactoryPidsAndBadNamesAreRefused() {
        assertEquals("org.printhub.device.ipp", DeviceSetupCommands.factoryPid("ipp"));
        assertEquals("org.printhub.device.ipp", DeviceSetupCommands.factoryPid("org.printhub.device.ipp"));
        assertThrows(IllegalArgumentException.class, () -> DeviceSetupCommands.factoryPid("ip-p"));
        assertThrows(IllegalArgumentException.class, () -> DeviceSetupCommands.factoryPid("../x"));
        assertThrows(IllegalArgumentException.class, () -> DeviceSetupCommands.factoryPid("org.printhub.device."));
        assertEquals("office-2", DeviceSetupCommands.checkId(" office-2 "));
        assertThrows(IllegalArgumentException.class, () -> DeviceSetupCommands.checkId("../etc"));
        assertThrows(IllegalArgumentException.class, () -> DeviceSetupCommands.checkId("a b"));
        assertThrows(IllegalArgumentException.class, () -> DeviceSetupCommands.checkId(""));
    }

    @Test
    void settingsAreKeyValuePairsAndSecretsAreRecognised() {
        assertEquals(Map.of("uri", "ipp://h/ipp/print?x=1", "name", ""),
                DeviceSetupCommands.parse("uri=ipp://h/ipp/print?x=1", "name="));
        assertThrows(IllegalArgumentException.class, () -> DeviceSetupCommands.parse("novalue"));
        assertThrows(IllegalArgumentException.class, () -> DeviceSetupCommands.parse("=x"));
        assertThrows(IllegalArgumentException.class, () -> DeviceSetupCommands.parse("bad key=x"));
        assertTrue(DeviceSetupCommands.secret(".password"));
        assertTrue(DeviceSetupCommands.secret("proxyPassword"));
        assertTrue(DeviceSetupCommands.secret("apiToken"));
        assertFalse(DeviceSetupCommands.secret("uri"));
    }

    @Test
    void aConfigurationFileReadsBackAsWritten() throws Exception {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("uri", "socket://10.0.0.9:9100");
        settings.put("name", "Büro: 2. Stock = links\\rechts");
        Path file = dir.resolve("org.printhub.device.socket-office.cfg");
        DeviceSetupCommands.writeAtomically(file, settings);
        Properties read = new Properties();
        try (InputStream in = new FileInputStream(file.toFile())) {
            read.load(in);
        }
        assertEquals(settings, Map.copyOf(read.entrySet().stream().collect(
                java.util.stream.Collectors.toMap(e -> (String) e.getKey(), e -> (String) e.getValue()))));
        try (var left = Files.list(dir)) {
            assertEquals(List.of(file), left.toList(), "no temporary file left behind");
        }
    }

    @Test
    void theTestPageIsAOnePagePdfWithItsText() throws Exception {
        byte[] pdf = TestPage.render(TestPage.PDF, List.of("Printhub test page", "Printer: (office) \\ x"));
        assertTrue(new String(pdf, 0, 8, StandardCharsets.US_ASCII).startsWith("%PDF-1.4"));
        Path pdftotext = Paths.get("/usr/bin/pdftotext");
        assumeTrue(Files.isExecutable(pdftotext), "poppler-utils is not installed");
        Path file = dir.resolve("page.pdf");
        Files.write(file, pdf);
        Process p = new ProcessBuilder(pdftotext.toString(), file.toString(), "-").redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), text);
        assertTrue(text.contains("Printhub test page"), text);
        assertTrue(text.contains("Printer: (office) \\ x"), text);
        Process info = new ProcessBuilder("/usr/bin/pdfinfo", file.toString()).redirectErrorStream(true).start();
        String facts = new String(info.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(info.waitFor(10, TimeUnit.SECONDS));
        assertTrue(facts.matches("(?s).*Pages:\\s+1\\b.*"), facts);
        assertFalse(facts.contains("Syntax Error"), facts);
    }

    @Test
    void postScriptAndTextPagesCarryTheText() {
        String ps = new String(TestPage.render(TestPage.POSTSCRIPT, List.of("a (b)")), StandardCharsets.US_ASCII);
        assertTrue(ps.startsWith("%!PS-Adobe-3.0"));
        assertTrue(ps.contains("(a \\(b\\)) show"));
        assertTrue(ps.contains("showpage"));
        assertEquals("x\ny\n\f", new String(TestPage.render(TestPage.TEXT, List.of("x", "y")), StandardCharsets.UTF_8));
    }
}
