package org.printhub.device.ipp.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The driver against a strict IPP server: a private cupsd with a raw queue that keeps each job's file. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PrivateCupsdTest {
    @TempDir
    Path dir;

    @Test
    void jobsArriveByteIdenticalThroughARawQueue() throws Exception {
        assumeTrue(PrivateCupsd.available(), "cupsd or lpadmin is not installed, or the tests do not run as root "
                + "(Debian: cups, cups-client): skipping the tests against cupsd");
        try (PrivateCupsd cupsd = PrivateCupsd.start(dir)) {
            IppDevice device = new IppDevice(new TestConfig(cupsd.uri().toString()),
                    Map.of("service.pid", "org.printhub.device.ipp~office"));
            try {
                byte[] first = TestTask.pdf("first");
                byte[] second = TestTask.pdfLike(3 * 1024 * 1024, 11);
                device.print(new TestTask(1, "first").document("first.pdf", "application/pdf", first));
                device.print(new TestTask(2, "second").document("second.pdf", "application/pdf", second));

                List<Path> kept = cupsd.documents();
                assertEquals(2, kept.size(), "job files kept by cupsd: " + kept);
                assertArrayEquals(first, Files.readAllBytes(kept.get(0)));
                assertArrayEquals(second, Files.readAllBytes(kept.get(1)));

                // cupsd takes multi-document jobs: one Create-Job, a Send-Document for each
                byte[] cover = TestTask.pdf("cover");
                byte[] body = TestTask.pdf("body");
                TestTask both = new TestTask(3, "two documents").document("cover.pdf", "application/pdf", cover)
                        .document("body.pdf", "application/pdf", body);
                device.print(both);
                assertTrue(both.lastMessage().matches("printer job 3 completed.*"), both.messages.toString());
                assertArrayEquals(cover, Files.readAllBytes(cupsd.file(3, 1)));
                assertArrayEquals(body, Files.readAllBytes(cupsd.file(3, 2)));
            } finally {
                device.deactivate();
            }
        }
    }
}
