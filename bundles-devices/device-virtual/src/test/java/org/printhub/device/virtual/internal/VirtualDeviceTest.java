package org.printhub.device.virtual.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.printhub.device.DeviceException;
import org.printhub.device.DeviceInfo;

class VirtualDeviceTest {
    private static final Map<String, Object> DEMO = Map.of("service.pid", "org.printhub.device.virtual~demo");

    private final AtomicLong now = new AtomicLong();

    private VirtualDevice device(TestConfig config) {
        return new VirtualDevice(config, DEMO, now::get);
    }

    private static List<Integer> oneTo(int n) {
        return IntStream.rangeClosed(1, n).boxed().collect(Collectors.toList());
    }

    @Test
    void reportsTheBytesAndTheirDigest() throws Exception {
        byte[] content = TestTask.randomBytes(3 * 1024 * 1024 + 17, 1);
        TestTask task = new TestTask().document(content);

        device(new TestConfig()).print(task);

        assertEquals(task.job().documents().get(0).sha256(), TestTask.sha256(content));
        assertEquals("printed 1049 pages, " + content.length + " bytes, sha256 " + TestTask.sha256(content),
                task.lastMessage());
    }

    @Test
    void digestsTheDocumentsInOrder() throws Exception {
        byte[] a = TestTask.randomBytes(5000, 2);
        byte[] b = TestTask.randomBytes(70_000, 3);
        TestTask task = new TestTask().document(a).document(b).pageCount(4);

        device(new TestConfig()).print(task);

        assertEquals("printed 4 pages, 75000 bytes, sha256 " + TestTask.sha256(a, b), task.lastMessage());
    }

    @Test
    void printsTheJobsPagesTimesItsCopies() throws Exception {
        TestTask task = new TestTask().document(new byte[10_000]).pageCount(5).copies(3);

        device(new TestConfig()).print(task);

        assertEquals(oneTo(15), task.pages);
    }

    @Test
    void countsPagesFromBytesWhenTheJobDoesNot() throws Exception {
        TestTask task = new TestTask().document(new byte[1]).document(new byte[3000]).document(new byte[3001])
                .document(new byte[0]);

        device(new TestConfig().bytesPerPage(3000)).print(task);

        assertEquals(oneTo(5), task.pages, "1 + 1 + 2 + 1 (an empty document is still a page)");
    }

    @Test
    void honoursThePageRate() throws Exception {
        VirtualDevice device = new VirtualDevice(new TestConfig().pagesPerMinute(3000), DEMO); // 20 ms a page
        TestTask task = new TestTask().document(new byte[1000]).pageCount(10);

        long start = System.nanoTime();
        device.print(task);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertTrue(millis >= 200, "10 pages at 20 ms cannot take " + millis + " ms");
        assertTrue(millis < 5000, "10 pages at 20 ms should not take " + millis + " ms");
        assertEquals(oneTo(10), task.pages);
    }

    @Test
    void aSuspendedJobDoesNotCatchUpWhenResumed() throws Exception {
        VirtualDevice device = new VirtualDevice(new TestConfig().pagesPerMinute(600), DEMO); // 100 ms a page
        TestTask task = new TestTask().document(new byte[1000]).pageCount(5);
        task.suspendAtCheckpoint = 4; // before the third page
        task.suspendMillis = 400;

        device.print(task);

        long millis = TimeUnit.NANOSECONDS.toMillis(task.pageTimes.get(4) - task.pageTimes.get(2));
        assertTrue(millis >= 150, "pages 3 to 5 came " + millis + " ms apart, not at the page rate");
    }

    @Test
    void zeroPagesPerMinuteIsAsFastAsItReads() throws Exception {
        VirtualDevice device = new VirtualDevice(new TestConfig().pagesPerMinute(0), DEMO);
        TestTask task = new TestTask().document(new byte[1000]).pageCount(5000);

        long start = System.nanoTime();
        device.print(task);

        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));
        assertEquals(5000, task.pages.size());
    }

    @ParameterizedTest
    @CsvSource({ "OFFLINE, offline-report, 0", "MEDIA_EMPTY, media-empty, 2", "MEDIA_JAM, media-jam, 5" })
    void aFaultStopsTheJobAtItsPage(Fault fault, String reason, int atPage) {
        TestTask task = new TestTask().document(new byte[100]).pageCount(8);

        DeviceException e = assertThrows(DeviceException.class,
                () -> device(new TestConfig().fault(fault, atPage, 0)).print(task));

        assertTrue(e.retryable());
        assertEquals(reason, e.reason());
        assertEquals(oneTo(atPage), task.pages);
    }

    @Test
    void aJobThatEndsBeforeTheFaultPrints() throws Exception {
        TestTask task = new TestTask().document(new byte[100]).pageCount(3);

        device(new TestConfig().fault(Fault.MEDIA_JAM, 3, 0)).print(task);

        assertEquals(oneTo(3), task.pages);
    }

    @Test
    void aFaultClearsAfterItsTime() throws Exception {
        VirtualDevice device = device(new TestConfig().fault(Fault.MEDIA_EMPTY, 1, 1000));

        assertThrows(DeviceException.class, () -> device.print(new TestTask().document(new byte[10]).pageCount(2)));
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(999));
        assertThrows(DeviceException.class, () -> device.print(new TestTask().document(new byte[10]).pageCount(2)));
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(1));
        TestTask retry = new TestTask().document(new byte[10]).pageCount(2);
        device.print(retry);

        assertEquals(oneTo(2), retry.pages);
        device.print(new TestTask().document(new byte[10]).pageCount(2));
    }

    @Test
    void aFaultWithoutClearingTimeStays() {
        VirtualDevice device = device(new TestConfig().fault(Fault.OFFLINE, 0, 0));

        for (int attempt = 0; attempt < 3; attempt++) {
            now.addAndGet(TimeUnit.HOURS.toNanos(1));
            assertThrows(DeviceException.class, () -> device.print(new TestTask().document(new byte[10])));
        }
    }

    @Test
    void aCancelBetweenPagesStopsPromptly() throws Exception {
        VirtualDevice device = new VirtualDevice(new TestConfig().pagesPerMinute(60), DEMO); // a second a page
        TestTask task = new TestTask().document(new byte[1000]).pageCount(100);
        CompletableFuture<Void> printing = CompletableFuture.runAsync(() -> {
            try {
                task.printOn(device);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        while (task.pages.isEmpty()) {
            Thread.sleep(5);
        }

        long start = System.nanoTime();
        task.cancel();
        ExecutionException e = assertThrows(ExecutionException.class, () -> printing.get(5, TimeUnit.SECONDS));

        assertTrue(System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(900), "ended within the page");
        assertTrue(e.getCause().getCause() instanceof InterruptedException, e.toString());
        assertTrue(task.pages.size() < 3, task.pages.toString());
    }

    @Test
    void aCheckpointThatThrowsEndsThePrint() {
        TestTask task = new TestTask().document(new byte[100]).pageCount(10);
        task.cancelAfterCheckpoints = 4;

        assertThrows(InterruptedException.class, () -> device(new TestConfig()).print(task));

        assertEquals(oneTo(3), task.pages, "one checkpoint before the document, one before each page");
        assertFalse(task.lastMessage().startsWith("printed"));
    }

    @Test
    void describesItself() {
        TestConfig config = new TestConfig();
        config.color = false;
        config.documentFormats = new String[] { "application/pdf,image/pwg-raster" };
        DeviceInfo info = device(config).info();

        assertEquals("demo", info.id());
        assertEquals("virtual", info.driver());
        assertFalse(info.color());
        assertTrue(info.duplex());
        assertEquals(Set.of("application/pdf", "image/pwg-raster"), info.documentFormats());
    }

    @Test
    void refusesABadConfiguration() {
        assertThrows(IllegalArgumentException.class, () -> device(new TestConfig().pagesPerMinute(-1)));
        assertThrows(IllegalArgumentException.class, () -> device(new TestConfig().bytesPerPage(0)));
        assertThrows(IllegalArgumentException.class, () -> device(new TestConfig().fault(Fault.MEDIA_JAM, -1, 0)));
        assertThrows(IllegalArgumentException.class, () -> new VirtualDevice(new TestConfig(), Map.of(), now::get));
    }
}
