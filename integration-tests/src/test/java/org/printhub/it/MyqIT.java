package org.printhub.it;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The MyQ X surface end to end: printhub.jar with a pull queue and a file printer, the vendor's documented request
 * sequences replayed with java.net.http (no MyQ client can be installed here): token, list, patch, release at a
 * printer, the document byte for byte in the printer's output, state printed; refresh-token rotation; one user
 * reaching another's job through every endpoint; revoked, expired and guessed credentials; bad input.
 */
public class MyqIT {
    static final Pattern LISTENER = Pattern.compile("HTTP listener 'myq' at (http://\\S+/)");
    static final Pattern CLIENT_ID = Pattern.compile("^client_id\\s+(\\S+)$");
    static final Pattern CLIENT_SECRET = Pattern.compile("^client_secret\\s+([0-9a-f]{40})$");
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    /** The shell names the server's user as the owner of what it submits: that is the MyQ user "owner" here. */
    static final String OWNER = System.getProperty("user.name");
    static final String OWNER_PIN = "1234";
    static final String MALLORY_PIN = "9999";

    private static Path work;
    private static PrinthubProcess printhub;
    private static URI base;
    private static String[] kiosk;
    private static String[] printService;

    @BeforeClass
    public static void start() throws Exception {
        work = Files.createDirectories(PrinthubOptions.workDirectory("myq"));
        Path deploy = Files.createDirectories(work.resolve("deploy"));
        // Rate limiting is tested in MyqLimitsIT with a low limit; here many tests share one address.
        Files.writeString(deploy.resolve("org.printhub.api.myq.cfg"), "port=0\nmaxFailedLogins=1000\n"
                + "prices=*:0.05:0.25:0.1\n");
        Files.writeString(deploy.resolve("org.printhub.device.file-office.cfg"), "fileName={id}.bin\n");
        Files.writeString(deploy.resolve("org.printhub.device.file-lobby.cfg"), "fileName={id}.bin\n");
        printhub = PrinthubProcess.start(work, "printhub.defaults=false");
        base = URI.create(printhub.await("the myq listener", 1, 90_000, LISTENER).get(0).group(1));
        printhub.await("the printers", 3, 60_000, l -> l.matches(".*device (office|lobby|follow) \\(\\w+\\) added.*"));
        printhub.await("the paused pull queue", 1, 20_000, l -> l.contains("device follow paused"));
        addUser(printhub, "-p " + OWNER_PIN + " -w \"correct horse\" " + OWNER);
        addUser(printhub, "-p " + MALLORY_PIN + " mallory");
        kiosk = addApp(printhub, "jobs,print,offline.access,queues,print.services,jobs.process", "kiosk");
        printService = addApp(printhub, "print,queues", "printservice");
    }

    @AfterClass
    public static void stop() throws Exception {
        if (printhub != null) {
            printhub.close();
        }
    }

    static void addUser(PrinthubProcess p, String args) throws Exception {
        int before = p.lines().size();
        p.command("myq:useradd " + args);
        Await.until("the user", 20_000, () -> p.lines().subList(before, p.lines().size()).stream()
                .anyMatch(l -> l.contains("MyQ: added user")));
    }

    /** {client_id, client_secret} of a new application, read from the console where they are shown once. */
    static String[] addApp(PrinthubProcess p, String scopes, String name) throws Exception {
        int before = p.lines().size();
        p.command("myq:appadd " + scopes + " " + name);
        return Await.until("the application's secret", 20_000, () -> {
            String id = null;
            for (String l : p.lines().subList(before, p.lines().size())) {
                Matcher i = CLIENT_ID.matcher(l.replaceFirst("^g! ", ""));
                Matcher s = CLIENT_SECRET.matcher(l.replaceFirst("^g! ", ""));
                if (i.find()) {
                    id = i.group(1);
                } else if (s.find() && id != null) {
                    return new String[] { id, s.group(1) };
                }
            }
            return null;
        });
    }

    /** Submits a file through the console to the pull queue and waits until the surface has held it. */
    static long submitHeld(PrinthubProcess p, Path file) throws Exception {
        int before = p.lines().size();
        p.command("job:submit " + file + " follow");
        Pattern accepted = Pattern.compile("job (\\d+) pending on follow from shell");
        String id = Await.until("the submitted job", 30_000, () -> p.lines().subList(before, p.lines().size())
                .stream().map(accepted::matcher).filter(Matcher::find).map(m -> m.group(1)).findFirst()
                .orElse(null));
        p.await("job " + id + " held", 1, 30_000, l -> l.contains("job " + id + " pending -> pending-held on follow"));
        return Long.parseLong(id);
    }

    static Path document(String name, int size, long seed) throws Exception {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return Files.write(work.resolve(name), b);
    }

    // ---- HTTP

    static HttpResponse<String> send(URI base, String method, String path, String token, String json)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .method(method, json == null ? BodyPublishers.noBody() : BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), BodyHandlers.ofString());
    }

    static HttpResponse<String> send(String method, String path, String token, String json) throws Exception {
        return send(base, method, path, token, json);
    }

    static JsonObject json(HttpResponse<String> r, int status) {
        assertEquals(r.request().method() + " " + r.uri() + ": " + r.body(), status, r.statusCode());
        return JsonParser.parseString(r.body()).getAsJsonObject();
    }

    static void assertError(HttpResponse<String> r, int status, String error) {
        JsonObject o = json(r, status);
        assertEquals(r.body(), error, o.get("error").getAsString());
        assertFalse("a description for people: " + r.body(), o.get("error_description").getAsString().isBlank());
        assertFalse("no stack trace: " + r.body(), r.body().contains("Exception") || r.body().contains("\tat "));
    }

    static JsonObject token(URI base, String[] app, String grant, String scope, String extra) throws Exception {
        String body = "{\"grant_type\":\"" + grant + "\",\"scope\":\"" + scope + "\",\"client_id\":\"" + app[0]
                + "\",\"client_secret\":\"" + app[1] + "\"" + (extra == null ? "" : "," + extra) + "}";
        return json(send(base, "POST", "api/auth/token", null, body), 200);
    }

    static String pinToken(URI base, String[] app, String pin, String scope) throws Exception {
        return token(base, app, "login_info", scope, "\"login_info\":{\"type\":2,\"pin\":\"" + pin + "\"}")
                .get("access_token").getAsString();
    }

    static String pinToken(String pin, String scope) throws Exception {
        return pinToken(base, kiosk, pin, scope);
    }

    static JsonObject awaitState(URI base, String token, long id, String state, long timeoutMillis) throws Exception {
        return Await.until("job " + id + " " + state, timeoutMillis, () -> {
            try {
                JsonObject o = json(send(base, "GET", "v3/jobs/" + id, token, null), 200);
                return state.equals(o.get("state").getAsString()) ? o : null;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }

    static byte[] awaitOutput(String printer, long id) throws Exception {
        Path out = work.resolve("data/output/" + printer + "/" + id + ".bin");
        Await.until(out.toString(), 60_000, () -> Files.exists(out));
        return Files.readAllBytes(out);
    }

    static Set<Long> ids(JsonObject page) {
        Set<Long> ids = new HashSet<>();
        for (JsonElement e : page.getAsJsonArray("jobs")) {
            ids.add(e.getAsJsonObject().get("id").getAsLong());
        }
        return ids;
    }

    /** A two-page PDF: page 1 grey, page 2 with a red square (a colour page). */
    static byte[] twoPagePdf() {
        String[] objects = {
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R 5 0 R] /Count 2 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>",
            stream("0.5 g 20 20 160 160 re f"),
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 6 0 R >>",
            stream("1 0 0 rg 20 20 160 160 re f") };
        StringBuilder pdf = new StringBuilder("%PDF-1.4\n");
        int[] offsets = new int[objects.length];
        for (int i = 0; i < objects.length; i++) {
            offsets[i] = pdf.length();
            pdf.append(i + 1).append(" 0 obj\n").append(objects[i]).append("\nendobj\n");
        }
        int xref = pdf.length();
        pdf.append("xref\n0 ").append(objects.length + 1).append("\n0000000000 65535 f \n");
        for (int o : offsets) {
            pdf.append(String.format("%010d 00000 n \n", o));
        }
        pdf.append("trailer\n<< /Size ").append(objects.length + 1).append(" /Root 1 0 R >>\nstartxref\n")
                .append(xref).append("\n%%EOF\n");
        return pdf.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static String stream(String content) {
        return "<< /Length " + content.length() + " >>\nstream\n" + content + "\nendstream";
    }

    // ---- the documented sequences

    @Test
    public void tokenListPatchReleasePrintedThenReprintTheFavourite() throws Exception {
        Path doc = document("report.bin", 70_000, 1);
        long id = submitHeld(printhub, doc);

        JsonObject t = token(base, kiosk, "login_info", "jobs print offline.access",
                "\"login_info\":{\"type\":2,\"pin\":\"" + OWNER_PIN + "\"}");
        assertEquals("Bearer", t.get("token_type").getAsString());
        assertEquals(1800, t.get("expires_in").getAsInt());
        assertEquals(Set.of("jobs", "print", "offline.access"), Set.of(t.get("scope").getAsString().split(" ")));
        assertTrue(t.has("refresh_token"));
        String token = t.get("access_token").getAsString();

        JsonObject list = json(send("GET", "api/v3/jobs", token, null), 200);
        assertTrue(ids(list).contains(id));
        assertTrue(list.get("count").getAsLong() >= 1);
        assertTrue(ids(json(send("GET", "v3/jobs?state=ready", token, null), 200)).contains(id));
        assertFalse(ids(json(send("GET", "v3/jobs?state=printed", token, null), 200)).contains(id));

        JsonObject job = json(send("GET", "v3/jobs/" + id, token, null), 200);
        assertEquals("report.bin", job.get("name").getAsString());
        assertEquals("ready", job.get("state").getAsString());
        assertEquals(OWNER, job.get("owner").getAsString());
        assertEquals(70_000, job.get("size").getAsLong());
        assertTrue(job.get("date").getAsString().matches("\\d{4}-\\d{2}-\\d{2}"));
        assertTrue(job.get("dateTime").getAsString().matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(Z|[+-]\\d{2}:\\d{2})"));
        for (String field : List.of("favorite", "cost", "duplex", "color", "pageCount", "colorCount", "copies", "paper")) {
            assertTrue(field, job.has(field));
        }
        assertEquals("{\"state\":\"ready\"}", send("GET", "v3/jobs/" + id + "/state", token, null).body());

        JsonObject patched = json(send("PATCH", "v3/jobs/" + id, token, "{\"favorite\":true,\"projectId\":5}"), 200);
        assertTrue(patched.get("favorite").getAsBoolean());
        assertEquals(5, patched.get("projectId").getAsLong());
        JsonObject bulk = json(send("PATCH", "v3/jobs", token,
                "{\"jobs\":[{\"id\":" + id + ",\"projectId\":0,\"account\":\"dept-7\"}]}"), 200);
        assertEquals(1, bulk.get("count").getAsInt());
        JsonObject afterBulk = bulk.getAsJsonArray("jobs").get(0).getAsJsonObject();
        assertEquals(0, afterBulk.get("projectId").getAsLong());
        assertEquals("dept-7", afterBulk.get("account").getAsString());
        assertTrue(ids(json(send("GET", "v3/jobs?favorite=true", token, null), 200)).contains(id));

        JsonObject released = json(send("POST", "v3/printers/office/jobs/release", token, "{\"projectId\":0,"
                + "\"jobIds\":[" + id + "],\"releaseOptions\":{\"copies\":2,\"duplex\":2,\"color\":2,\"stapling\":0,"
                + "\"punching\":0,\"tonerSaving\":0},\"account\":null}"), 202);
        assertEquals(id, released.getAsJsonArray("jobs").get(0).getAsJsonObject().get("id").getAsLong());
        assertArrayEquals(Files.readAllBytes(doc), awaitOutput("office", id));
        JsonObject printed = awaitState(base, token, id, "printed", 60_000);
        assertEquals(2, printed.get("copies").getAsInt());
        assertTrue(printed.get("duplex").getAsBoolean());
        assertFalse(printed.get("color").getAsBoolean());
        assertEquals("office", printed.get("printerId").getAsString());

        // A printed favourite prints again, as a new job, at another printer; the favourite stays printed.
        JsonObject again = json(send("POST", "v3/printers/lobby/jobs/release", token,
                "{\"jobIds\":[" + id + "]}"), 202);
        long copy = again.getAsJsonArray("jobs").get(0).getAsJsonObject().get("id").getAsLong();
        assertNotEquals(id, copy);
        assertArrayEquals(Files.readAllBytes(doc), awaitOutput("lobby", copy));
        awaitState(base, token, copy, "printed", 60_000);
        assertEquals("printed", json(send("GET", "v3/jobs/" + id + "/state", token, null), 200).get("state")
                .getAsString());
    }

    @Test
    public void pdfPagesAreCountedAndPricedAtRelease() throws Exception {
        Path pdf = Files.write(work.resolve("two-pages.pdf"), twoPagePdf());
        long id = submitHeld(printhub, pdf);
        printhub.await("the page count", 1, 60_000,
                l -> l.contains("MyQ: job " + id + " has 2 page(s), 1 in colour"));
        String token = pinToken(OWNER_PIN, "jobs");
        JsonObject job = json(send("GET", "v3/jobs/" + id, token, null), 200);
        assertEquals(2, job.get("pageCount").getAsInt());
        assertEquals(1, job.get("colorCount").getAsInt());
        assertTrue(job.get("color").getAsBoolean());
        assertEquals("0.3", job.get("cost").getAsBigDecimal().toPlainString());
        JsonObject released = json(send("POST", "v3/printers/office/jobs/release", token,
                "{\"jobIds\":[" + id + "],\"releaseOptions\":{\"copies\":2,\"color\":2}}"), 202);
        // two copies, all pages in monochrome now: 2 x 2 x 0.05
        assertEquals("0.2", released.getAsJsonArray("jobs").get(0).getAsJsonObject().get("cost").getAsBigDecimal()
                .toPlainString());
        assertArrayEquals(Files.readAllBytes(pdf), awaitOutput("office", id));
        assertEquals(0, json(send("GET", "v3/jobs/" + id, token, null), 200).get("colorCount").getAsInt());
    }

    @Test
    public void printAllReleasesEveryReadyJobOfTheUserAtThatPrinter() throws Exception {
        long a = submitHeld(printhub, document("a.bin", 1000, 2));
        long b = submitHeld(printhub, document("b.bin", 2000, 3));
        String token = pinToken(OWNER_PIN, "jobs");
        JsonObject all = json(send("GET", "v3/printers/lobby/printAll", token, null), 200);
        Set<Long> released = ids(all);
        assertTrue(released + " holds " + a + " and " + b, released.containsAll(Set.of(a, b)));
        assertFalse(all.get("moreJobs").getAsBoolean());
        assertEquals(released.size(), all.getAsJsonArray("counters").get(0).getAsInt());
        assertArrayEquals(Files.readAllBytes(work.resolve("a.bin")), awaitOutput("lobby", a));
        assertArrayEquals(Files.readAllBytes(work.resolve("b.bin")), awaitOutput("lobby", b));
        assertEquals(0, ids(json(send("GET", "v3/printers/lobby/printAll", token, null), 200)).size());
    }

    @Test
    public void jobDataWithRanges() throws Exception {
        Path doc = document("data.bin", 100_000, 4);
        byte[] bytes = Files.readAllBytes(doc);
        long id = submitHeld(printhub, doc);
        String app = token(base, printService, "client_credentials", "print", null).get("access_token").getAsString();
        HttpResponse<byte[]> whole = HTTP.send(HttpRequest.newBuilder(base.resolve("v3/jobs/" + id + "/data"))
                .header("Authorization", "Bearer " + app).build(), BodyHandlers.ofByteArray());
        assertEquals(200, whole.statusCode());
        assertArrayEquals(bytes, whole.body());
        assertEquals("bytes", whole.headers().firstValue("Accept-Ranges").orElse(""));
        HttpResponse<byte[]> part = HTTP.send(HttpRequest.newBuilder(base.resolve("api/v3/jobs/" + id + "/data"))
                .header("Authorization", "Bearer " + app).header("Range", "bytes=99990-").build(),
                BodyHandlers.ofByteArray());
        assertEquals(206, part.statusCode());
        assertEquals("bytes 99990-99999/100000", part.headers().firstValue("Content-Range").orElse(""));
        assertArrayEquals(Arrays.copyOfRange(bytes, 99_990, 100_000), part.body());
        HttpResponse<String> beyond = HTTP.send(HttpRequest.newBuilder(base.resolve("v3/jobs/" + id + "/data"))
                .header("Authorization", "Bearer " + app).header("Range", "bytes=100000-").build(),
                BodyHandlers.ofString());
        assertError(beyond, 416, "range_not_satisfiable");
        assertEquals("bytes */100000", beyond.headers().firstValue("Content-Range").orElse(""));
        // the user's own token with the print scope reads the user's own job
        String user = pinToken(OWNER_PIN, "print");
        assertEquals(200, HTTP.send(HttpRequest.newBuilder(base.resolve("v3/jobs/" + id + "/data"))
                .header("Authentication", "Bearer " + user).build(), BodyHandlers.discarding()).statusCode());
        // an application's token is no user: the user's job list is not for it
        assertError(send("GET", "v3/jobs", app, null), 403, "insufficient_scope");
    }

    @Test
    public void refreshTokensRotateAndAReusedOneRevokesItsFamily() throws Exception {
        JsonObject first = token(base, kiosk, "password", "jobs offline.access",
                "\"username\":\"" + OWNER + "\",\"password\":\"correct horse\"");
        String refresh1 = first.get("refresh_token").getAsString();
        // the form encoding of RFC 6749 works as well as MyQ's JSON
        String form = "grant_type=refresh_token&refresh_token=" + URLEncoder.encode(refresh1, StandardCharsets.UTF_8)
                + "&client_id=" + kiosk[0] + "&client_secret=" + kiosk[1];
        JsonObject second = json(HTTP.send(HttpRequest.newBuilder(base.resolve("api/auth/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(BodyPublishers.ofString(form))
                .build(), BodyHandlers.ofString()), 200);
        String refresh2 = second.get("refresh_token").getAsString();
        String access2 = second.get("access_token").getAsString();
        assertNotEquals(refresh1, refresh2);
        assertEquals(1800, second.get("expires_in").getAsInt());
        assertEquals(200, send("GET", "v3/jobs", access2, null).statusCode());
        assertEquals("the first access token still works until it expires", 200,
                send("GET", "v3/jobs", first.get("access_token").getAsString(), null).statusCode());

        String reuse = "{\"grant_type\":\"refresh_token\",\"refresh_token\":\"" + refresh1 + "\",\"client_id\":\""
                + kiosk[0] + "\",\"client_secret\":\"" + kiosk[1] + "\"}";
        assertError(send("POST", "api/auth/token", null, reuse), 400, "invalid_grant");
        assertError(send("GET", "v3/jobs", access2, null), 401, "invalid_token");
        assertError(send("POST", "api/auth/token", null, reuse.replace(refresh1, refresh2)), 400, "invalid_grant");
        // a client_credentials token never has a refresh token
        assertFalse(token(base, kiosk, "client_credentials", "queues offline.access", null).has("refresh_token"));
    }

    @Test
    public void aUserCanNeverReachAnotherUsersJob() throws Exception {
        long id = submitHeld(printhub, document("private.bin", 5000, 5));
        String owner = pinToken(OWNER_PIN, "jobs print");
        String before = json(send("GET", "v3/jobs/" + id, owner, null), 200).toString();
        String m = pinToken(MALLORY_PIN, "jobs print offline.access");

        assertFalse(ids(json(send("GET", "v3/jobs", m, null), 200)).contains(id));
        assertFalse(ids(json(send("GET", "v3/jobs?state=ready", m, null), 200)).contains(id));
        assertError(send("GET", "v3/jobs/" + id, m, null), 404, "not_found");
        assertError(send("GET", "api/v3/jobs/" + id + "/state", m, null), 404, "not_found");
        assertError(send("GET", "v3/jobs/" + id + "/data", m, null), 404, "not_found");
        assertError(send("PATCH", "v3/jobs/" + id, m, "{\"favorite\":true}"), 404, "not_found");
        assertError(send("PATCH", "v3/jobs", m, "{\"jobs\":[{\"id\":" + id + ",\"favorite\":true}]}"), 404,
                "not_found");
        assertError(send("POST", "v3/jobs/delete", m, "[" + id + "]"), 404, "not_found");
        assertError(send("DELETE", "v3/jobs/" + id, m, null), 404, "not_found");
        assertError(send("POST", "v3/jobs/" + id + "/script", m, "{\"state\":[]}"), 404, "not_found");
        assertError(send("POST", "v3/jobs/process", m, "{\"jobIds\":[" + id + "]}"), 404, "not_found");
        assertError(send("POST", "v3/printers/office/jobs/release", m, "{\"jobIds\":[" + id + "]}"), 404, "not_found");
        assertFalse(ids(json(send("GET", "v3/printers/office/printAll", m, null), 200)).contains(id));
        // a user's own job next to another's in one request: the whole request is refused, nothing changes
        long mine = json(send("POST", "v3/jobs/client", m, "{\"queue\":\"follow\",\"name\":\"m.pdf\",\"size\":10}"),
                200).get("id").getAsLong();
        assertError(send("POST", "v3/jobs/delete", m, "[" + mine + "," + id + "]"), 404, "not_found");
        assertEquals("ready", json(send("GET", "v3/jobs/" + mine, m, null), 200).get("state").getAsString());

        assertEquals("nothing changed", before, json(send("GET", "v3/jobs/" + id, owner, null), 200).toString());
        assertTrue(Files.notExists(work.resolve("data/output/office/" + id + ".bin")));
    }

    @Test
    public void clientJobsAreListedAndCanceledButNotReleasedByTheServer() throws Exception {
        String token = pinToken(OWNER_PIN, "jobs");
        long id = json(send("POST", "v3/jobs/client", token, "{\"queue\":\"follow\",\"owner\":\"" + OWNER
                + "\",\"computer\":\"PC-17\",\"name\":\"local.pdf\",\"size\":123456,\"uuid\":\"abc\",\"jobInfo\":{}}"),
                200).get("id").getAsLong();
        JsonObject job = json(send("GET", "v3/jobs/" + id, token, null), 200);
        assertEquals("ready", job.get("state").getAsString());
        assertEquals(123456, job.get("size").getAsLong());
        assertEquals("PC-17", job.getAsJsonObject("client").get("computer").getAsString());
        assertError(send("POST", "v3/printers/office/jobs/release", token, "{\"jobIds\":[" + id + "]}"), 409,
                "conflict");
        assertEquals(204, send("DELETE", "v3/jobs/" + id, token, null).statusCode());
        assertEquals("canceled", json(send("GET", "v3/jobs/" + id + "/state", token, null), 200).get("state")
                .getAsString());
        assertEquals(204, send("POST", "v3/jobs/delete", token, "[" + id + "]").statusCode());
        assertError(send("GET", "v3/jobs/" + id, token, null), 404, "not_found");
        assertError(send("POST", "v3/jobs/client", token, "{\"queue\":\"follow\",\"owner\":\"mallory\","
                + "\"name\":\"x\"}"), 403, "forbidden");
    }

    @Test
    public void processMakesArrivingJobsReadyAndScriptsHaveNothingToAsk() throws Exception {
        long id = submitHeld(printhub, document("p.bin", 100, 6));
        String token = pinToken(OWNER_PIN, "jobs jobs.process");
        JsonObject done = json(send("POST", "v3/jobs/process", token, "{\"jobIds\":[" + id + "],\"owner\":\""
                + OWNER + "\",\"projectId\":9,\"account\":\"cc-1\"}"), 200);
        JsonObject j = done.getAsJsonArray("jobs").get(0).getAsJsonObject();
        assertEquals(9, j.get("projectId").getAsLong());
        assertEquals("cc-1", j.get("account").getAsString());
        assertEquals("{}", send("POST", "v3/jobs/" + id + "/script", token,
                "{\"-1052320151\":{\"duplex\":true,\"simplex\":null},\"state\":[]}").body());
        assertEquals("ready", json(send("GET", "v3/jobs/" + id + "/state", token, null), 200).get("state")
                .getAsString());
    }

    @Test
    public void queuesListThePullQueueAndThePrinters() throws Exception {
        String app = token(base, printService, "client_credentials", "queues", null).get("access_token").getAsString();
        JsonObject q = json(send("GET", "v3/queues?protocol=lpr&state=all&include=client", app, null), 200);
        JsonArray queues = q.getAsJsonArray("queues");
        assertEquals(3, q.get("count").getAsInt());
        boolean follow = false;
        for (JsonElement e : queues) {
            JsonObject o = e.getAsJsonObject();
            if (o.get("name").getAsString().equals("follow")) {
                follow = true;
                assertEquals("follow", o.get("type").getAsString());
                assertEquals("online", o.get("state").getAsString());
            }
        }
        assertTrue(follow);
        assertEquals("direct", json(send("GET", "v3/queues/name:office", app, null), 200).get("type").getAsString());
        assertError(send("GET", "v3/queues/name:nowhere", app, null), 404, "not_found");
        assertError(send("GET", "v3/queues?state=sleeping", app, null), 400, "invalid_request");
    }

    @Test
    public void revokedAndMissingTokensAreRefused() throws Exception {
        String token = pinToken(MALLORY_PIN, "jobs");
        assertEquals(200, send("GET", "v3/jobs", token, null).statusCode());
        int before = printhub.lines().size();
        printhub.command("myq:revoke -u mallory -");
        Await.until("the revocation", 20_000, () -> printhub.lines().subList(before, printhub.lines().size())
                .stream().anyMatch(l -> l.contains("token(s) of user mallory")));
        HttpResponse<String> r = send("GET", "v3/jobs", token, null);
        assertError(r, 401, "invalid_token");
        assertTrue(r.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
        assertError(send("GET", "v3/jobs", null, null), 401, "invalid_token");
        assertError(send("GET", "v3/jobs", "not-a-token", null), 401, "invalid_token");
        // a token with another scope only
        String printOnly = pinToken(MALLORY_PIN, "print");
        assertError(send("GET", "v3/jobs", printOnly, null), 403, "insufficient_scope");
        // the user may not do everything the application may: the grant is the intersection
        assertError(send("POST", "api/auth/token", null, "{\"grant_type\":\"login_info\",\"scope\":\"queues\","
                + "\"client_id\":\"" + kiosk[0] + "\",\"client_secret\":\"" + kiosk[1]
                + "\",\"login_info\":{\"type\":2,\"pin\":\"" + MALLORY_PIN + "\"}}"), 400, "invalid_scope");
        assertEquals("jobs", token(base, kiosk, "login_info", "jobs queues", "\"login_info\":{\"type\":2,"
                + "\"pin\":\"" + MALLORY_PIN + "\"}").get("scope").getAsString());
    }

    @Test
    public void badInputGetsAClearAnswerAndChangesNothing() throws Exception {
        String app = "\"client_id\":\"" + kiosk[0] + "\",\"client_secret\":\"" + kiosk[1] + "\"";
        assertError(send("POST", "api/auth/token", null, "{\"grant_type\":\"magic\"," + app + "}"), 400,
                "unsupported_grant_type");
        assertError(send("POST", "api/auth/token", null, "{\"grant_type\":\"client_credentials\",\"client_id\":\""
                + kiosk[0] + "\",\"client_secret\":\"" + "0".repeat(40) + "\"}"), 401, "invalid_client");
        assertError(send("POST", "api/auth/token", null, "{\"grant_type\":"), 400, "invalid_request");
        assertError(send("POST", "api/auth/token", null, "{\"grant_type\":\"login_info\"," + app
                + ",\"login_info\":{\"type\":2,\"pin\":\"0000\"}}"), 400, "invalid_grant");
        assertError(send("POST", "api/auth/token", null, "{\"grant_type\":\"login_info\"," + app
                + ",\"login_info\":{\"type\":7,\"pin\":\"0000\"}}"), 400, "invalid_request");
        assertError(send("POST", "api/auth/token", null, "{\"grant_type\":\"client_credentials\",\"scope\":\"root\","
                + app + "}"), 400, "invalid_scope");
        assertError(send("POST", "api/auth/token", null, "{\"grant_type\":\"client_credentials\",\"scope\":\"users\","
                + app + "}"), 400, "invalid_scope");

        long id = submitHeld(printhub, document("bad.bin", 100, 7));
        String token = pinToken(OWNER_PIN, "jobs print");
        String before = json(send("GET", "v3/jobs/" + id, token, null), 200).toString();
        assertError(send("GET", "v3/jobs/abc", token, null), 400, "invalid_request");
        assertError(send("GET", "v3/jobs/-1/state", token, null), 400, "invalid_request");
        assertError(send("GET", "v3/jobs/99999999", token, null), 404, "not_found");
        assertError(send("PATCH", "v3/jobs/" + id, token, "{\"favorite\":true,\"name\":\"x\"}"), 400,
                "invalid_request");
        assertError(send("PATCH", "v3/jobs/" + id, token, "{\"favorite\":\"yes\"}"), 400, "invalid_request");
        assertError(send("PATCH", "v3/jobs/" + id, token, "{\"ownerId\":424242}"), 400, "invalid_request");
        assertError(send("PATCH", "v3/jobs/" + id, token, "{\"favorite\":"), 400, "invalid_request");
        assertError(send("PATCH", "v3/jobs", token, "{\"jobs\":[{\"id\":" + id + ",\"favorite\":true},"
                + "{\"id\":\"x\"}]}"), 400, "invalid_request");
        assertError(send("POST", "v3/printers/office/jobs/release", token, "{\"jobIds\":[" + id
                + "],\"releaseOptions\":{\"copies\":-1}}"), 400, "invalid_request");
        assertError(send("POST", "v3/printers/office/jobs/release", token, "{\"jobIds\":[" + id
                + "],\"releaseOptions\":{\"glitter\":1}}"), 400, "invalid_request");
        assertError(send("POST", "v3/printers/nowhere/jobs/release", token, "{\"jobIds\":[" + id + "]}"), 404,
                "not_found");
        assertError(send("POST", "v3/printers/follow/jobs/release", token, "{\"jobIds\":[" + id + "]}"), 404,
                "not_found");
        assertError(send("GET", "v3/jobs?limit=0", token, null), 400, "invalid_request");
        assertError(send("GET", "v3/jobs?state=held", token, null), 400, "invalid_request");
        assertError(send("PUT", "v3/jobs/" + id, token, "{}"), 405, "method_not_allowed");
        assertError(send("GET", "v3/nothing", token, null), 404, "not_found");
        assertError(send("POST", "v3/jobs/delete", token, "[" + id + ",\"x\"]"), 400, "invalid_request");
        assertEquals("nothing changed", before, json(send("GET", "v3/jobs/" + id, token, null), 200).toString());
        String big = "{\"favorite\":true,\"account\":\"" + "x".repeat(2 << 20) + "\"}";
        assertError(send("PATCH", "v3/jobs/" + id, token, big), 413, "request_too_large");
        assertEquals("nothing changed", before, json(send("GET", "v3/jobs/" + id, token, null), 200).toString());
    }
}
