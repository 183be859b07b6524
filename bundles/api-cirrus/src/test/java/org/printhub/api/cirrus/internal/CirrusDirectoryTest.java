package org.printhub.api.cirrus.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CirrusDirectoryTest {
    @TempDir
    Path dir;

    @Test
    void survivesARestart() {
        Path file = dir.resolve("directory.json");
        CirrusDirectory first = new CirrusDirectory(file);
        first.putCompany("acme", "Acme Ltd");
        first.putLocation("acme", "HQ", l -> {
            l.name = "Head office";
            l.passwordHash = Passwords.hash("s3cret-location");
        });
        first.putDevice("acme", "HQ", "pdf", d -> d.defaultProps = Props.parse("copies=2;duplex=2"));

        CirrusDirectory second = new CirrusDirectory(file);
        assertEquals(List.of("acme"), second.companies());
        CirrusDirectory.Location hq = second.location("acme", "HQ").orElseThrow();
        assertEquals("Head office", hq.name);
        assertTrue(Passwords.matches("s3cret-location", hq.passwordHash));
        assertFalse(Passwords.matches("s3cret-locatioN", hq.passwordHash));
        assertEquals(Map.of("copies", "2", "duplex", "2"), hq.devices.get("pdf").defaultProps);
        assertFalse(Files.exists(dir.resolve("directory.json.tmp")));
    }

    @Test
    void readsAreCopies() {
        CirrusDirectory d = new CirrusDirectory(dir.resolve("directory.json"));
        d.putCompany("acme", "Acme");
        d.putLocation("acme", "HQ", l -> l.name = "HQ");
        d.location("acme", "HQ").orElseThrow().name = "changed";
        assertEquals("HQ", d.location("acme", "HQ").orElseThrow().name);
    }

    @Test
    void aFailedUpdateChangesNothing() {
        CirrusDirectory d = new CirrusDirectory(dir.resolve("directory.json"));
        d.putCompany("acme", "Acme");
        d.putLocation("acme", "HQ", l -> l.name = "HQ");
        assertThrows(CirrusError.class, () -> d.putLocation("acme", "HQ", l -> {
            l.name = "half";
            throw CirrusError.failure("MFA needs an Email");
        }));
        assertEquals("HQ", d.location("acme", "HQ").orElseThrow().name);
        assertEquals("HQ", new CirrusDirectory(dir.resolve("directory.json")).location("acme", "HQ").orElseThrow().name);
    }

    @Test
    void idsThatCouldBePathsAreRefused() {
        CirrusDirectory d = new CirrusDirectory(dir.resolve("directory.json"));
        for (String bad : new String[] { "..", ".hidden", "a/b", "a\\b", "", "x".repeat(65), "a b" }) {
            assertThrows(CirrusError.class, () -> d.putCompany(bad, "x"), bad);
        }
        d.putCompany("acme", "Acme");
        assertThrows(CirrusError.class, () -> d.putLocation("acme", "../x", l -> { }));
        assertThrows(CirrusError.class, () -> d.putLocation("nobody", "HQ", l -> { }));
        assertThrows(CirrusError.class, () -> d.putDevice("acme", "nowhere", "pdf", x -> { }));
    }

    @Test
    void removes() {
        CirrusDirectory d = new CirrusDirectory(dir.resolve("directory.json"));
        d.putCompany("acme", "Acme");
        d.putLocation("acme", "HQ", l -> { });
        d.putDevice("acme", "HQ", "pdf", x -> { });
        assertTrue(d.removeDevice("acme", "HQ", "pdf"));
        assertFalse(d.removeDevice("acme", "HQ", "pdf"));
        assertTrue(d.removeLocation("acme", "HQ"));
        assertTrue(d.removeCompany("acme"));
        assertEquals(List.of(), new CirrusDirectory(dir.resolve("directory.json")).companies());
    }
}
