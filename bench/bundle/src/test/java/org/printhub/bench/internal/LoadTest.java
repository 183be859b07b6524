package org.printhub.bench.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadTest {

    @Test
    void runsEveryIndexOnceAcrossThreads() throws Exception {
        Set<Integer> seen = ConcurrentHashMap.newKeySet();
        Load.Result r = Load.run(1000, 4, 60_000, seen::add);
        assertEquals(1000, r.ops());
        assertEquals(1000, seen.size());
        assertEquals(1000, r.latencies().length);
        assertEquals(0, r.errors());
        assertTrue(r.line("x", 4, 1).startsWith("x rate="));
    }

    @Test
    void countsFailuresApartAndReportsTheFirst() throws Exception {
        Load.Result r = Load.run(10, 2, 60_000, i -> {
            if (i % 2 == 0) {
                throw new IllegalStateException("even number " + i);
            }
        });
        assertEquals(5, r.ops());
        assertEquals(5, r.errors());
        assertTrue(r.line("x", 2, 1).contains("firstError=java.lang.IllegalStateException:_even_number"));
    }

    @Test
    void stopsAtTheTimeLimit() throws Exception {
        Load.Result r = Load.run(1_000_000, 2, 50, i -> Thread.sleep(5));
        assertTrue(r.ops() < 1_000_000, "the time limit ends the run");
    }

    @Test
    void durableWritesCreateOneNewFileEach(@TempDir Path dir) throws Exception {
        Load.Result r = BenchCommands.durableWrites(dir.resolve("sub"), 20, 2, 1024, 60_000);
        assertEquals(20, r.ops());
        try (Stream<Path> files = Files.list(dir.resolve("sub"))) {
            assertEquals(20, files.filter(f -> {
                try {
                    return Files.size(f) == 1024;
                } catch (java.io.IOException e) {
                    return false;
                }
            }).count());
        }
    }
}
