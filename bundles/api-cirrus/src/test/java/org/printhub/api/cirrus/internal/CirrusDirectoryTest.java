package org.printhub.api.cirrus.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

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
    void readsAreSnapshotsThatNoReadCanChange() {
        CirrusDirectory d = new CirrusDirectory(dir.resolve("directory.json"));
        d.putCompany("acme", "Acme");
        d.putLocation("acme", "HQ", l -> {
            l.name = "HQ";
            l.allowFrom = new ArrayList<>(List.of("127.0.0.1"));
        });
        d.putDevice("acme", "HQ", "pdf", x -> x.defaultProps = Props.parse("copies=2"));
        CirrusDirectory.Location before = d.location("acme", "HQ").orElseThrow();
        assertThrows(UnsupportedOperationException.class, () -> before.devices.remove("pdf"));
        assertThrows(UnsupportedOperationException.class, () -> before.allowFrom.add("10.0.0.1"));
        assertThrows(UnsupportedOperationException.class,
                () -> before.devices.get("pdf").defaultProps.put("copies", "3"));
        assertThrows(UnsupportedOperationException.class,
                () -> d.company("acme").orElseThrow().locations.remove("HQ"));

        // a change is seen by the next read, and not by what an earlier read returned
        d.putLocation("acme", "HQ", l -> l.name = "Head office");
        d.putDevice("acme", "HQ", "pdf", x -> x.defaultProps = Props.parse("copies=3"));
        assertEquals("HQ", before.name);
        assertEquals(Map.of("copies", "2"), before.devices.get("pdf").defaultProps);
        CirrusDirectory.Location after = d.location("acme", "HQ").orElseThrow();
        assertEquals("Head office", after.name);
        assertEquals(List.of("127.0.0.1"), after.allowFrom);
        assertEquals(Map.of("copies", "3"), after.devices.get("pdf").defaultProps);
        assertTrue(d.removeDevice("acme", "HQ", "pdf"));
        assertTrue(d.location("acme", "HQ").orElseThrow().devices.isEmpty());
        assertEquals(Map.of("copies", "3"), after.devices.get("pdf").defaultProps);
    }

    @Test
    void readsDuringChangesSeeWholeChanges() throws Exception {
        CirrusDirectory d = new CirrusDirectory(dir.resolve("directory.json"));
        d.putCompany("acme", "Acme");
        d.putLocation("acme", "HQ", l -> l.name = "0");
        d.putDevice("acme", "HQ", "pdf", x -> x.notes = "0");
        int changes = 60;
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<String> torn = new AtomicReference<>();
        AtomicLong reads = new AtomicLong();
        List<Thread> readers = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            Thread t = new Thread(() -> {
                int last = 0;
                while (!done.get() && torn.get() == null) {
                    // one change sets the location's name and its device's notes together: a read sees both or
                    // neither, and never goes back
                    CirrusDirectory.Location l = d.location("acme", "HQ").orElseThrow();
                    int name = Integer.parseInt(l.name);
                    int notes = Integer.parseInt(l.devices.get("pdf").notes);
                    if (name != notes || name < last || !d.hasCompany("acme")) {
                        torn.set("read name " + name + ", notes " + notes + " after " + last);
                    }
                    last = name;
                    reads.incrementAndGet();
                }
            });
            t.start();
            readers.add(t);
        }
        try {
            for (int i = 1; i <= changes; i++) {
                String generation = Integer.toString(i);
                d.putLocation("acme", "HQ", l -> {
                    l.name = generation;
                    l.devices.get("pdf").notes = generation;
                });
            }
        } finally {
            done.set(true);
            for (Thread t : readers) {
                t.join(10_000);
                assertFalse(t.isAlive(), "a reader did not stop");
            }
        }
        assertEquals(null, torn.get());
        assertTrue(reads.get() > 0);
        assertEquals(Integer.toString(changes), d.location("acme", "HQ").orElseThrow().name);
        assertEquals(Integer.toString(changes),
                new CirrusDirectory(dir.resolve("directory.json")).location("acme", "HQ").orElseThrow().name);
    }

    @Test
    void unknownOrNullNamesAreAbsent() {
        CirrusDirectory d = new CirrusDirectory(dir.resolve("directory.json"));
        d.putCompany("acme", "Acme");
        assertFalse(d.hasCompany(null));
        assertFalse(d.hasCompany("other"));
        assertTrue(d.location(null, "HQ").isEmpty());
        assertTrue(d.location("acme", null).isEmpty());
        assertTrue(d.location("acme", "HQ").isEmpty());
        assertFalse(d.removeLocation("acme", "HQ"));
    }

    @Test
    void aHandEditedFileWithMissingFieldsReadsAsEmpty() throws Exception {
        Path file = dir.resolve("directory.json");
        Files.writeString(file, "{\"companies\":{\"acme\":{\"locations\":{\"HQ\":{\"devices\":null,"
                + "\"allowFrom\":null}}}}}");
        CirrusDirectory d = new CirrusDirectory(file);
        CirrusDirectory.Location hq = d.location("acme", "HQ").orElseThrow();
        assertEquals("", hq.name);
        assertTrue(hq.devices.isEmpty());
        assertTrue(hq.allowFrom.isEmpty());
        d.putDevice("acme", "HQ", "pdf", x -> { });
        assertTrue(new CirrusDirectory(file).location("acme", "HQ").orElseThrow().devices.containsKey("pdf"));
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
