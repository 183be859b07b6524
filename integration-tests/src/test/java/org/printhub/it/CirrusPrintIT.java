package org.printhub.it;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The CirrusPrint surface end to end: printhub.jar with two file printers, the vendor's documented calls made with
 * java.net.http and with curl, and every printed file compared byte for byte with the uncompressed original.
 * {@code -Dcirrus.it.bigBytes} sets the size of the large segmented upload (default 1 GiB).
 */
public class CirrusPrintIT {
    private static final Pattern LISTENER = Pattern.compile("HTTP listener 'cirrus' at (http://\\S+/)");
    private static final Pattern ADMIN_SECRET = Pattern.compile("^\\s+secret\\s+(\\S+)$");
    private static final long BIG = Long.getLong("cirrus.it.bigBytes", 1L << 30);
    private static final Set<String> JOB_FIELDS = Set.of("Name", "Submitted", "Size", "Ext", "State", "Data",
            "Segments", "Properties", "RawPrint", "Target", "Received", "Delivered", "Message", "Updated");

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static Path work;
    private static PrinthubProcess printhub;
    private static URI base;
    private static String companyKey;
    private static String adminKey;

    @BeforeClass
    public static void start() throws Exception {
        work = Files.createDirectories(PrinthubOptions.workDirectory("cirrus"));
        startPrinthub();
        printhub.command("cirrus:company acme \"Acme Ltd\"");
        printhub.command("cirrus:location acme HQ \"Head office\"");
        printhub.command("cirrus:device acme HQ out");
        printhub.command("cirrus:device acme HQ out2");
        printhub.await("out2 in HQ", 1, 20_000, l -> l.contains("target HQ:out2 of acme"));
        companyKey = createKey("acme");
    }

    @AfterClass
    public static void stop() throws Exception {
        if (printhub != null) {
            printhub.close();
        }
        // the large upload leaves a GiB each in uploads and spool: keep the logs, not those
        if (work != null) {
            try (Stream<Path> files = Files.walk(work)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    if (Files.isRegularFile(f) && Files.size(f) > (64L << 20)) {
                        Files.delete(f);
                    }
                }
            }
        }
    }

    private static void startPrinthub() throws Exception {
        boolean first = printhub == null;
        if (first) {
            Path deploy = Files.createDirectories(work.resolve("deploy"));
            Files.writeString(deploy.resolve("org.printhub.api.cirrus.cfg"), "port=0\n");
            for (String printer : List.of("out", "out2", "unmapped")) {
                Files.writeString(deploy.resolve("org.printhub.device.file-" + printer + ".cfg"),
                        "fileName={id}.bin\n");
            }
            // room for the large upload: the surface enforces whatever is configured here
            Files.writeString(deploy.resolve("org.printhub.http.limits.cfg"), "maxBodyBytes=" + (BIG + (64 << 20))
                    + "\nmaxDecompressedBytes=" + (BIG + (64 << 20)) + "\n");
        }
        printhub = PrinthubProcess.start(work, "printhub.defaults=false");
        Matcher m = printhub.await("the cirrus listener", 1, 90_000, LISTENER).get(0);
        base = URI.create(m.group(1));
        printhub.await("the printers", 3, 60_000, l -> l.matches(".*device (out|out2|unmapped) \\(file\\) added.*"));
        if (first) {
            adminKey = printhub.await("the admin key", 1, 10_000, ADMIN_SECRET).get(0).group(1);
        }
    }

    private static String createKey(String company) throws Exception {
        int before = printhub.lines().size();
        printhub.command("cirrus:key " + company);
        Await.until("the key", 20_000, () -> printhub.lines().subList(before, printhub.lines().size()).stream()
                .anyMatch(l -> ADMIN_SECRET.matcher(l).find()));
        return printhub.lines().subList(before, printhub.lines().size()).stream()
                .map(ADMIN_SECRET::matcher).filter(Matcher::find).findFirst().orElseThrow().group(1);
    }

    @Test
    public void versionIsFourLinesWithoutCredentials() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(base.resolve("api/version")).GET(), null);
        assertEquals(200, r.statusCode());
        assertEquals(4, r.body().split("\n", -1).length);
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
    }

    @Test
    public void oneStepPlainZlibAndGzipPrintTheOriginalBytes() throws Exception {
        for (int size : new int[] { 1024, 4 << 20 }) {
            byte[] doc = random(size, size);
            for (int cmp = 0; cmp <= 2; cmp++) {
                HttpResponse<String> r = put("api/putfile", query("targets", "HQ:out", "title", "Test Title",
                        "cmp", Integer.toString(cmp), "props", "copies=2\nduplex=2"), compress(doc, cmp));
                assertEquals(r.body(), 200, r.statusCode());
                assertPrinted(jobIds(r).get(0), "HQ", "out", sha256(doc));
            }
        }
    }

    @Test
    public void oneJobPerTargetInTargetOrder() throws Exception {
        byte[] doc = random(300_000, 3);
        HttpResponse<String> r = put("api/putfile", query("targets", "HQ:out2;HQ:out", "cmp", "2"), compress(doc, 2));
        List<Long> ids = jobIds(r);
        assertEquals(2, ids.size());
        assertPrinted(ids.get(0), "HQ", "out2", sha256(doc));
        assertPrinted(ids.get(1), "HQ", "out", sha256(doc));
    }

    @Test
    public void twoStepSubmitsRepeatWithOtherTargetsAndProps() throws Exception {
        byte[] doc = random(200_000, 4);
        String file = put("api/putfile", "", compress(doc, 2)).body();
        assertTrue(file, file.matches("[0-9a-f]{32}"));
        HttpResponse<String> first = get("api/submitfile", query("file", file, "targets", "HQ:out", "cmp", "2",
                "props", "copies=2;duplex=3", "title", "first.pdf"));
        long id1 = jobIds(first).get(0);
        HttpResponse<String> second = post("api/submitfile", query("file", file, "targets", "HQ:out;HQ:out2",
                "cmp", "2", "props", "copies=5\ntray=Manual\nfinisher=staple"));
        List<Long> ids = jobIds(second);
        assertEquals(2, ids.size());
        JsonObject job1 = assertPrinted(id1, "HQ", "out", sha256(doc));
        assertEquals("first.pdf", job1.get("Name").getAsString());
        assertEquals("pdf", job1.get("Ext").getAsString());
        assertEquals("3", job1.getAsJsonObject("Properties").get("duplex").getAsString());
        JsonObject job3 = assertPrinted(ids.get(1), "HQ", "out2", sha256(doc));
        assertEquals("staple", job3.getAsJsonObject("Properties").get("finisher").getAsString());
        assertEquals("5", job3.getAsJsonObject("Properties").get("copies").getAsString());
    }

    @Test
    public void segmentsOutOfOrderAndResentMakeTheFile() throws Exception {
        byte[] doc = random(3_000_000, 5);
        byte[] zlib = compress(doc, 1);
        String file = get("api/tempfile", "").body();
        int segment = 256 * 1024;
        List<Integer> starts = new ArrayList<>();
        for (int at = 0; at < zlib.length; at += segment) {
            starts.add(at);
        }
        java.util.Collections.shuffle(starts, new Random(5));
        starts.add(starts.get(0));
        for (int at : starts) {
            byte[] part = Arrays.copyOfRange(zlib, at, Math.min(zlib.length, at + segment));
            HttpResponse<String> r = put("api/putsegment", query("file", file, "index", Integer.toString(at)), part);
            assertEquals(r.body(), 200, r.statusCode());
            assertEquals(Integer.toString(part.length), r.body());
        }
        HttpResponse<String> r = post("api/submitfile", query("file", file, "targets", "HQ:out", "cmp", "1"));
        assertPrinted(jobIds(r).get(0), "HQ", "out", sha256(doc));
    }

    /** Streams {@link #BIG} bytes in 64 MiB segments, last first; the server runs with -Xmx256m. */
    @Test
    public void aLargeSegmentedUploadStreams() throws Exception {
        long segment = 64L << 20;
        String file = get("api/tempfile", "").body();
        long started = System.nanoTime();
        for (long at = (BIG - 1) / segment * segment; at >= 0; at -= segment) {
            long length = Math.min(segment, BIG - at);
            long seed = at;
            HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve("api/putsegment" + query("file", file,
                    "index", Long.toString(at)))).timeout(Duration.ofMinutes(2))
                    .PUT(BodyPublishers.fromPublisher(BodyPublishers.ofInputStream(() -> generated(seed, length)),
                            length));
            HttpResponse<String> r = send(b, companyKey);
            assertEquals(r.body(), Long.toString(length), r.body());
        }
        double uploadSeconds = (System.nanoTime() - started) / 1e9;
        MessageDigest expected = MessageDigest.getInstance("SHA-256");
        for (long at = 0; at < BIG; at += segment) {
            try (InputStream in = generated(at, Math.min(segment, BIG - at))) {
                digest(in, expected);
            }
        }
        long submitStarted = System.nanoTime();
        HttpResponse<String> r = send(HttpRequest.newBuilder(base.resolve("api/submitfile" + query("file", file,
                "targets", "HQ:out"))).timeout(Duration.ofMinutes(3)).GET(), companyKey);
        double submitSeconds = (System.nanoTime() - submitStarted) / 1e9;
        assertPrinted(jobIds(r).get(0), "HQ", "out", expected.digest());
        System.out.printf("CirrusPrintIT: %d MiB segmented upload %.1f MB/s, submit %.1f MB/s%n", BIG >> 20,
                BIG / 1e6 / uploadSeconds, BIG / 1e6 / submitSeconds);
        deleteOutput(jobIds(r).get(0));
    }

    /** The vendor's curl calls; curl 7.87+ refuses -T with -G, so the query goes in with --url-query. */
    @Test
    public void curlReplaysTheVendorCalls() throws Exception {
        byte[] doc = random(700_000, 7);
        Path plain = Files.write(work.resolve("curl-doc.pdf"), doc);
        Path gz = Files.write(work.resolve("curl-doc.pdf.gz"), compress(doc, 2));
        String bearer = "Authorization: Bearer " + companyKey;

        String ids = curl("-H", bearer, "-T", plain.toString(), "--url-query", "targets=HQ:out",
                "--url-query", "title=Test Title", "--url-query", "props=copies=2\nduplex=2", url("api/putfile"));
        assertPrinted(Long.parseLong(ids.trim()), "HQ", "out", sha256(doc));

        String file = curl("-H", bearer, "-T", gz.toString(), url("api/putfile"));
        ids = curl("-H", bearer, "-G", "--data-urlencode", "file=" + file, "--data-urlencode", "targets=HQ:out2",
                "--data-urlencode", "cmp=2", url("api/submitfile"));
        assertPrinted(Long.parseLong(ids.trim()), "HQ", "out2", sha256(doc));

        String temp = curl("-H", bearer, url("api/tempfile"));
        int segment = 100_000;
        for (int at = 0; at < doc.length; at += segment) {
            Path part = Files.write(work.resolve("curl-seg-" + at),
                    Arrays.copyOfRange(doc, at, Math.min(doc.length, at + segment)));
            assertEquals(Long.toString(Files.size(part)), curl("-H", bearer, "-T", part.toString(),
                    "--url-query", "file=" + temp, "--url-query", "index=" + at, url("api/putsegment")));
        }
        ids = curl("-H", bearer, "-d", "file=" + temp, "-d", "targets=HQ:out", url("api/submitfile"));
        assertPrinted(Long.parseLong(ids.trim()), "HQ", "out", sha256(doc));
    }

    @Test
    public void getJobHasEveryReferenceField() throws Exception {
        long id = jobIds(put("api/putfile", query("targets", "HQ:out", "title", "fields.txt"), random(10, 9))).get(0);
        JsonObject job = assertPrinted(id, "HQ", "out", sha256(random(10, 9)));
        assertEquals(JOB_FIELDS, job.keySet());
        assertEquals(2, job.get("State").getAsInt());
        assertTrue(job.get("Data").isJsonNull());
        assertEquals("HQ:out", job.get("Target").getAsString());
        assertEquals(10, job.get("Size").getAsLong());
        assertEquals("txt", job.get("Ext").getAsString());
        HttpResponse<String> other = get("api/get/job/acme/HQ/out2/" + id, "");
        assertEquals(200, other.statusCode());
        assertTrue(other.body(), other.body().startsWith("Error: "));
    }

    @Test
    public void devicesAndLocationsAndALocationLogin() throws Exception {
        HttpResponse<String> loc = post("api/put/location/acme/Branch", query("Name", "Branch office",
                "Password", "branch-pass-1234", "Notes", "second floor"));
        assertEquals(loc.body(), 200, loc.statusCode());
        JsonObject l = JsonParser.parseString(loc.body()).getAsJsonObject();
        assertEquals("Branch office", l.get("Name").getAsString());
        assertEquals("", l.get("Password").getAsString());
        HttpResponse<String> dev = get("api/put/device/acme/Branch/out2", query("DefaultProps", "copies=3;duplex=2",
                "Notes", "by the door"));
        JsonObject d = JsonParser.parseString(dev.body()).getAsJsonObject();
        assertEquals("3", d.getAsJsonObject("DefaultProps").get("copies").getAsString());
        assertEquals(1, d.get("Type").getAsInt());
        JsonObject read = JsonParser.parseString(get("api/get/location/acme/Branch", "").body()).getAsJsonObject();
        assertTrue(read.getAsJsonObject("Devices").has("out2"));
        assertEquals(1, read.getAsJsonArray("Printers").size());

        byte[] doc = random(5_000, 10);
        HttpResponse<String> asLocation = send(HttpRequest.newBuilder(base.resolve("api/putfile" + query(
                "s_userid", "Branch@acme", "s_password", "branch-pass-1234", "targets", "Branch:out2",
                "props", "copies=4"))).PUT(BodyPublishers.ofByteArray(doc)), null);
        JsonObject job = assertPrinted(jobIds(asLocation).get(0), "Branch", "out2", sha256(doc));
        assertEquals("4", job.getAsJsonObject("Properties").get("copies").getAsString());
        assertEquals("2", job.getAsJsonObject("Properties").get("duplex").getAsString());

        HttpResponse<String> change = send(HttpRequest.newBuilder(base.resolve("api/put/location/acme/Branch"
                + query("s_userid", "Branch@acme", "s_password", "branch-pass-1234", "Name", "x"))).GET(), null);
        assertEquals(403, change.statusCode());
        HttpResponse<String> wrong = send(HttpRequest.newBuilder(base.resolve("api/get/location/acme/Branch"
                + query("s_userid", "Branch@acme", "s_password", "nope"))).GET(), null);
        assertEquals(401, wrong.statusCode());
    }

    /** A directory change made in the console is what the very next request sees, a removal too. */
    @Test
    public void aConsoleChangeIsSeenByTheNextRequest() throws Exception {
        byte[] doc = random(2_000, 21);
        expectError(put("api/putfile", query("targets", "Annex:unmapped"), doc), 200, "unknown target");
        printhub.command("cirrus:location acme Annex Annex");
        printhub.command("cirrus:device acme Annex unmapped");
        printhub.await("unmapped in Annex", 1, 20_000, l -> l.contains("target Annex:unmapped of acme"));
        long id = jobIds(put("api/putfile", query("targets", "Annex:unmapped"), doc)).get(0);
        assertPrinted(id, "Annex", "unmapped", sha256(doc));

        printhub.command("cirrus:remove acme/Annex/unmapped");
        printhub.await("the removal", 1, 20_000, l -> l.contains("removed acme/Annex/unmapped"));
        expectError(put("api/putfile", query("targets", "Annex:unmapped"), doc), 200, "unknown target");
        printhub.command("cirrus:remove acme/Annex");
        printhub.await("the location's removal", 1, 20_000, l -> l.trim().endsWith("removed acme/Annex"));
        expectError(get("api/get/location/acme/Annex", ""), 200, "unknown location");
    }

    /** Each bad request is refused with a clear message, and no job, spool file or stray upload is left. */
    @Test
    public void badInputIsRefusedAndLeavesNothingBehind() throws Exception {
        String temp = get("api/tempfile", "").body();
        put("api/putsegment", query("file", temp, "index", "1000"), random(1000, 11));
        long jobsBefore = cirrusJobLines();
        long spoolBefore = files(work.resolve("data/spool"));
        long uploadsBefore = files(work.resolve("data/cirrus/uploads"));
        byte[] doc = random(50_000, 12);

        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(bomb)) {
            gz.write(new byte[64 << 20]);
        }
        expectError(put("api/putfile", query("targets", "HQ:out", "cmp", "2"), bomb.toByteArray()), 200,
                "expands more than");
        byte[] gz = compress(doc, 2);
        expectError(put("api/putfile", query("targets", "HQ:out;HQ:out2", "cmp", "2"),
                Arrays.copyOf(gz, gz.length / 2)), 200, "truncated gzip");
        byte[] zlib = compress(doc, 1);
        zlib[zlib.length / 2] ^= 0x55;
        expectError(put("api/putfile", query("targets", "HQ:out", "cmp", "1"), zlib), 200, "zlib");
        expectError(put("api/putfile", query("targets", "HQ:out", "cmp", "1"), doc), 200, "zlib");
        expectError(put("api/putfile", query("targets", "HQ:out", "cmp", "3"), doc), 400, "cmp");
        expectError(put("api/putfile", query("targets", "HQ:nope"), doc), 200, "unknown target HQ:nope");
        expectError(put("api/putfile", query("targets", "Nowhere:out"), doc), 200, "unknown target");
        expectError(put("api/putfile", query("targets", "HQ:unmapped"), doc), 200, "unknown target");
        expectError(put("api/putfile", query("targets", "HQ:out;HQ:nope"), doc), 200, "unknown target HQ:nope");
        expectError(put("api/putfile", query("targets", "HQ"), doc), 200, "LocID:DevID");
        expectError(put("api/putfile", query("targets", "HQ:out", "props", "copies=0"), doc), 200, "copies");
        expectError(put("api/putfile", query("targets", "HQ:out", "props", "duplex"), doc), 200, "name=value");

        expectError(put("api/putsegment", query("file", temp, "index", "1500"), random(1000, 13)), 409, "overlaps");
        expectError(put("api/putsegment", query("file", temp, "index", "-1"), doc), 400, "negative");
        expectError(put("api/putsegment", query("file", temp, "index", "x"), doc), 400, "index");
        expectError(put("api/putsegment", query("file", temp, "index", Long.toString(BIG + (64 << 20))), doc), 413,
                "limit");
        expectError(put("api/putsegment", query("file", temp), doc), 400, "missing parameter: index");
        expectError(get("api/submitfile", query("file", temp, "targets", "HQ:out")), 200, "bytes 0-999 are missing");
        for (String trick : List.of("../../etc/passwd", "..", "%2e%2e", "/etc/passwd",
                "0123456789ABCDEF0123456789ABCDEF", "0123456789abcdef0123456789abcdef/../x")) {
            expectError(get("api/submitfile", query("file", trick, "targets", "HQ:out")), 400, "not a file name");
            expectError(put("api/putsegment", query("file", trick, "index", "0"), doc), 400, "not a file name");
        }
        expectError(get("api/submitfile", query("file", "0123456789abcdef0123456789abcdef", "targets", "HQ:out")),
                200, "no such file");

        expectError(send(HttpRequest.newBuilder(base.resolve("api/putfile" + query("targets", "HQ:out")))
                .PUT(BodyPublishers.ofByteArray(doc)), adminKey), 400, "compid is required");
        expectError(send(HttpRequest.newBuilder(base.resolve("api/putfile" + query("targets", "HQ:out",
                "compid", "nobody"))).PUT(BodyPublishers.ofByteArray(doc)), adminKey), 200, "unknown company");
        expectError(send(HttpRequest.newBuilder(base.resolve("api/putfile" + query("targets", "HQ:out",
                "compid", "other"))).PUT(BodyPublishers.ofByteArray(doc)), companyKey), 403, "not allowed");
        expectError(send(HttpRequest.newBuilder(base.resolve("api/putfile" + query("targets", "HQ:out")))
                .PUT(BodyPublishers.ofByteArray(doc)), null), 401, "authentication required");
        expectError(send(HttpRequest.newBuilder(base.resolve("api/putfile" + query("targets", "HQ:out")))
                .PUT(BodyPublishers.ofByteArray(doc)), "not-a-key-at-all-0000"), 401, "invalid credentials");
        expectError(send(HttpRequest.newBuilder(base.resolve("api/putfile")).DELETE(), companyKey), 405, "PUT");
        expectError(get("api/get/job/acme/HQ/out/abc", ""), 200, "no such job");

        assertEquals("no job created", jobsBefore, cirrusJobLines());
        assertEquals("no spool file left", spoolBefore, files(work.resolve("data/spool")));
        assertEquals("no upload left", uploadsBefore, files(work.resolve("data/cirrus/uploads")));
        assertFalse(printhub.lines().stream().anyMatch(l -> l.contains("Exception") && l.contains("Cirrus")));
    }

    /** A second process on the same data: the directory, a half-sent upload and a finished one survive. */
    @Test
    public void uploadsAndSettingsSurviveARestart() throws Exception {
        byte[] doc = random(2_000_000, 14);
        String file = get("api/tempfile", "").body();
        put("api/putsegment", query("file", file, "index", "1000000"), Arrays.copyOfRange(doc, 1_000_000, 2_000_000));
        String whole = put("api/putfile", "", doc).body();
        printhub.close();
        startPrinthub();
        expectError(get("api/submitfile", query("file", file, "targets", "HQ:out")), 200,
                "bytes 0-999999 are missing");
        put("api/putsegment", query("file", file, "index", "0"), Arrays.copyOf(doc, 1_000_000));
        assertPrinted(jobIds(post("api/submitfile", query("file", file, "targets", "HQ:out"))).get(0), "HQ", "out",
                sha256(doc));
        assertPrinted(jobIds(post("api/submitfile", query("file", whole, "targets", "HQ:out2"))).get(0), "HQ",
                "out2", sha256(doc));
    }

    // --- helpers

    private static JsonObject assertPrinted(long id, String location, String device, byte[] sha256)
            throws Exception {
        String path = "api/get/job/acme/" + location + "/" + device + "/" + id;
        JsonObject job = Await.until("job " + id + " delivered", 180_000, () -> {
            try {
                JsonObject j = JsonParser.parseString(get(path, "").body()).getAsJsonObject();
                int state = j.get("State").getAsInt();
                if (state == 3) {
                    throw new AssertionError("job " + id + " deleted: " + j);
                }
                return state == 2 ? j : null;
            } catch (IOException | InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        Path out = work.resolve("data/output").resolve(device).resolve(id + ".bin");
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(out)) {
            digest(in, md);
        }
        assertArrayEquals("job " + id + " printed the original bytes", sha256, md.digest());
        assertEquals(Files.size(out), job.get("Size").getAsLong());
        return job;
    }

    private static void deleteOutput(long id) throws IOException {
        Files.deleteIfExists(work.resolve("data/output/out").resolve(id + ".bin"));
    }

    private static void expectError(HttpResponse<String> r, int status, String text) {
        assertEquals(r.body(), status, r.statusCode());
        assertTrue(r.body(), r.body().startsWith("Error: ") && r.body().contains(text));
        assertFalse(r.body(), r.body().contains("\tat ") || r.body().contains("Exception"));
    }

    private static List<Long> jobIds(HttpResponse<String> r) {
        assertEquals(r.body(), 200, r.statusCode());
        assertFalse(r.body(), r.body().startsWith("Error"));
        return Arrays.stream(r.body().split("\n")).map(Long::parseLong).collect(Collectors.toList());
    }

    private static long cirrusJobLines() {
        return printhub.lines().stream().filter(l -> l.contains(" from cirrus (")).count();
    }

    private static long files(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).count();
        }
    }

    private static HttpResponse<String> put(String path, String query, byte[] body) throws Exception {
        return send(HttpRequest.newBuilder(base.resolve(path + query)).PUT(BodyPublishers.ofByteArray(body)),
                companyKey);
    }

    private static HttpResponse<String> get(String path, String query) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(path + query)).GET(), companyKey);
    }

    /** A form body, as CirrusPrint's POST variants take it. */
    private static HttpResponse<String> post(String path, String query) throws Exception {
        BodyPublisher form = BodyPublishers.ofString(query.substring(1));
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type",
                "application/x-www-form-urlencoded").POST(form), companyKey);
    }

    private static HttpResponse<String> send(HttpRequest.Builder b, String key)
            throws IOException, InterruptedException {
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return HTTP.send(b.timeout(Duration.ofMinutes(3)).build(), BodyHandlers.ofString());
    }

    private static String query(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return "?" + m.entrySet().stream().map(e -> e.getKey() + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8).replace("+", "%20"))
                .collect(Collectors.joining("&"));
    }

    private static String url(String path) {
        return base.resolve(path).toString();
    }

    private static String curl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "--max-time", "60"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue("curl finished", p.waitFor(90, TimeUnit.SECONDS));
        assertEquals(out, 0, p.exitValue());
        assertFalse(out, out.startsWith("Error"));
        return out;
    }

    private static byte[] compress(byte[] doc, int cmp) throws IOException {
        if (cmp == 0) {
            return doc;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = cmp == 1 ? new DeflaterOutputStream(bytes) : new GZIPOutputStream(bytes)) {
            out.write(doc);
        }
        return bytes.toByteArray();
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] sha256(byte[] b) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(b);
    }

    private static void digest(InputStream in, MessageDigest md) throws IOException {
        byte[] buf = new byte[1 << 16];
        for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
            md.update(buf, 0, n);
        }
    }

    /** {@code length} pseudo-random bytes from {@code seed}, made as they are read. */
    private static InputStream generated(long seed, long length) {
        SplittableRandom random = new SplittableRandom(seed);
        return new InputStream() {
            private final byte[] block = new byte[1 << 16];
            private int pos = block.length;
            private long left = length;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left == 0) {
                    return -1;
                }
                if (pos == block.length) {
                    random.nextBytes(block);
                    pos = 0;
                }
                int n = (int) Math.min(Math.min(len, left), block.length - pos);
                System.arraycopy(block, pos, b, off, n);
                pos += n;
                left -= n;
                return n;
            }
        };
    }
}
