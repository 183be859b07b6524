import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ScriptX.Services figures, each next to its comparison in the same run (bundles/api-scriptx/bench/run.sh starts
 * the servers). A benchmark: it prints figures and judges nothing.
 *
 * <pre>
 * history &lt;api&gt; &lt;guid&gt; &lt;count&gt; &lt;tokens file&gt;
 *     puts count small printHtml jobs to file into the server's history (8 at a time, each followed to its end)
 * polls &lt;api&gt; &lt;guid&gt; &lt;tokens file&gt; &lt;bare url&gt; &lt;seconds&gt; &lt;rounds&gt; &lt;connections&gt;...
 *     GET printHtml/status/{random token} against a bare Jetty GET, alternating, per connection count
 * render &lt;reused api&gt; &lt;cold api&gt; &lt;guid&gt; &lt;jobs per round&gt; &lt;rounds&gt; &lt;pdf dir&gt;
 *     a 10-page HTML document to file, one job at a time, on a server reusing its browser and on one starting a
 *     browser per document, alternating; pages/s from the print call to the final status
 * </pre>
 */
public class ScriptxBench {
    private static final Pattern TOKEN = Pattern.compile("\"jobIdentifier\":\"([0-9a-f]+)\"");
    private static final Pattern STATUS = Pattern.compile("\"status\":(-?\\d+)");
    private static final int PAGES = 10;

    public static void main(String[] args) throws Exception {
        try {
            run(args);
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0); // the clients' executors are not to keep the JVM
    }

    private static void run(String[] args) throws Exception {
        switch (args[0]) {
        case "history" -> history(args[1], args[2], Integer.parseInt(args[3]), Path.of(args[4]));
        case "polls" -> {
            List<Integer> connections = new ArrayList<>();
            for (int i = 7; i < args.length; i++) {
                connections.add(Integer.parseInt(args[i]));
            }
            polls(args[1], args[2], Files.readAllLines(Path.of(args[3])), args[4], Integer.parseInt(args[5]),
                    Integer.parseInt(args[6]), connections);
        }
        case "render" -> render(args[1], args[2], args[3], Integer.parseInt(args[4]), Integer.parseInt(args[5]),
                Path.of(args[6]));
        default -> throw new IllegalArgumentException(args[0]);
        }
    }

    /**
     * Waits (at most 10 s) for the 1-minute load average to fall below 0.75 per core, as bench/run.sh does, and
     * returns it: the machine is shared, and a figure taken under others' load says so in its line.
     */
    private static String quiet() throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        double load;
        while ((load = load()) >= 0.75 * cores && System.nanoTime() < end) {
            Thread.sleep(500);
        }
        return String.format("%.1f", load);
    }

    private static double load() throws Exception {
        return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    }

    private static HttpClient client(ExecutorService executor) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    private static String basic(String guid) {
        return "Basic " + Base64.getEncoder().encodeToString((guid + ":").getBytes(StandardCharsets.UTF_8));
    }

    private static String submit(HttpClient http, String api, String guid, String json) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(api + "api/v1/printHtml/print"))
                .header("Authorization", basic(guid)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), BodyHandlers.ofString());
        Matcher t = TOKEN.matcher(r.body());
        if (r.statusCode() != 200 || !t.find()) {
            throw new IllegalStateException("print refused: " + r.statusCode() + " " + r.body());
        }
        return t.group(1);
    }

    /** Polls until a final status, every 20 ms; returns it. */
    private static int follow(HttpClient http, String api, String guid, String token) throws Exception {
        HttpRequest poll = HttpRequest.newBuilder(URI.create(api + "api/v1/printHtml/status/" + token))
                .header("Authorization", basic(guid)).build();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < end) {
            Matcher m = STATUS.matcher(http.send(poll, BodyHandlers.ofString()).body());
            int status = m.find() ? Integer.parseInt(m.group(1)) : 0;
            if (status == 6 || status == -1 || status == -2 || status == 101) {
                return status;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("job " + token + " did not finish within 120 s");
    }

    private static void history(String api, String guid, int count, Path tokens) throws Exception {
        HttpClient http = client(Executors.newFixedThreadPool(8));
        ExecutorService submitters = Executors.newFixedThreadPool(8);
        AtomicInteger next = new AtomicInteger();
        List<String> all = Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            done.add(submitters.submit(() -> {
                for (int n; (n = next.getAndIncrement()) < count;) {
                    String token = submit(http, api, guid, "{\"ContentType\":2,\"Content\":\"<p>history job " + n
                            + "</p>\",\"Device\":{\"printerName\":\"ScriptX.Services//PrintPreview.1\"}}");
                    int status = follow(http, api, guid, token);
                    if (status != 6) {
                        throw new IllegalStateException("history job " + n + " ended with status " + status);
                    }
                    all.add(token);
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        submitters.shutdown();
        Files.write(tokens, all);
        System.out.printf("history %d jobs printed to file in %.1f s%n", all.size(),
                (System.nanoTime() - start) / 1e9);
    }

    private static void polls(String api, String guid, List<String> tokens, String bare, int seconds, int rounds,
            List<Integer> connectionCounts) throws Exception {
        String auth = basic(guid);
        for (int connections : connectionCounts) {
            // Both JVMs compile their hot paths first: the early rounds would measure the JIT, not the servers.
            Supplier<HttpRequest> poll = () -> HttpRequest.newBuilder(URI.create(api + "api/v1/printHtml/status/"
                    + tokens.get(ThreadLocalRandom.current().nextInt(tokens.size())))).header("Authorization", auth)
                    .build();
            rate("warm-up scriptx-status c=" + connections, connections, seconds, poll);
            rate("warm-up bare-jetty-get c=" + connections, connections, seconds,
                    () -> HttpRequest.newBuilder(URI.create(bare)).build());
            List<double[]> ours = new ArrayList<>();
            List<double[]> theirs = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                ours.add(rate("scriptx-status c=" + connections + " round " + round, connections, seconds, poll));
                theirs.add(rate("bare-jetty-get c=" + connections + " round " + round, connections, seconds,
                        () -> HttpRequest.newBuilder(URI.create(bare)).build()));
            }
            double ourRate = median(ours, 0);
            double theirRate = median(theirs, 0);
            double ourP99 = median(ours, 2);
            double theirP99 = median(theirs, 2);
            System.out.printf("RESULT status-polls c=%d  scriptx %.0f/s p99 %.1f ms  bare-jetty %.0f/s p99 %.1f ms"
                    + "  rate ratio %.2f (target >= 0.3)  p99 ratio %.2f (target <= 3)  [%d interleaved rounds of"
                    + " %d s, medians, %d jobs in history]%n", connections, ourRate, ourP99, theirRate, theirP99,
                    ourRate / theirRate, ourP99 / theirP99, rounds, seconds, tokens.size());
        }
    }

    private static double median(List<double[]> rounds, int index) {
        double[] v = rounds.stream().mapToDouble(r -> r[index]).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** @return rate per second, p50 ms, p99 ms; after a 1 s warm-up that is not counted */
    private static double[] rate(String name, int connections, int seconds, Supplier<HttpRequest> request)
            throws Exception {
        String loadBefore = quiet();
        ExecutorService clientPool = Executors.newFixedThreadPool(connections);
        HttpClient http = client(clientPool);
        long warm = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        long end = warm + TimeUnit.SECONDS.toNanos(seconds);
        ExecutorService workers = Executors.newFixedThreadPool(connections);
        List<Future<long[]>> results = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            results.add(workers.submit(() -> {
                long failed = 0;
                long[] latencies = new long[1 << 16];
                int n = 0;
                while (true) {
                    long t = System.nanoTime();
                    if (t >= end) {
                        break;
                    }
                    HttpResponse<Void> r = http.send(request.get(), BodyHandlers.discarding());
                    long done = System.nanoTime();
                    if (t < warm) {
                        continue;
                    }
                    if (r.statusCode() != 200) {
                        failed++;
                    } else {
                        if (n == latencies.length) {
                            latencies = java.util.Arrays.copyOf(latencies, n * 2);
                        }
                        latencies[n++] = done - t;
                    }
                }
                long[] out = new long[1 + n];
                out[0] = failed;
                System.arraycopy(latencies, 0, out, 1, n);
                return out;
            }));
        }
        long failed = 0;
        List<long[]> parts = new ArrayList<>();
        int total = 0;
        for (Future<long[]> f : results) {
            long[] r = f.get();
            failed += r[0];
            parts.add(r);
            total += r.length - 1;
        }
        workers.shutdown();
        clientPool.shutdown();
        long[] all = new long[total];
        int at = 0;
        for (long[] p : parts) {
            System.arraycopy(p, 1, all, at, p.length - 1);
            at += p.length - 1;
        }
        java.util.Arrays.sort(all);
        double rate = total / (double) seconds;
        double p50 = percentile(all, 0.5);
        double p99 = percentile(all, 0.99);
        System.out.printf("%s rate=%.0f/s ok=%d failed=%d p50ms=%.2f p99ms=%.2f load=%s%n", name, rate, total,
                failed, p50, p99, loadBefore);
        return new double[] { rate, p50, p99 };
    }

    private static double percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) (p * sorted.length))] / 1e6;
    }

    private static void render(String reused, String cold, String guid, int jobs, int rounds, Path pdfs)
            throws Exception {
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html><head><title>Ten pages</title><style>"
                + "h1{color:#036} p{font:11pt serif;text-align:justify}</style></head><body>");
        for (int page = 1; page <= PAGES; page++) {
            html.append(page == 1 ? "<section>" : "<section style='page-break-before:always'>")
                    .append("<h1>Chapter ").append(page).append("</h1>");
            for (int para = 0; para < 6; para++) {
                html.append("<p>Paragraph ").append(para).append(" of chapter ").append(page).append(". ")
                        .append("The quick brown fox jumps over the lazy dog. ".repeat(8)).append("</p>");
            }
            html.append("</section>");
        }
        String json = "{\"ContentType\":2,\"Content\":\"" + html.toString().replace("\"", "\\\"") + "\","
                + "\"Settings\":{\"header\":\"&w&bPage &p of &P\"},"
                + "\"Device\":{\"printerName\":\"ScriptX.Services//PrintPreview.1\"}}";
        HttpClient http = client(Executors.newFixedThreadPool(2));
        // one job each first: the document has 10 pages on both, and the reused browser is started
        for (String api : List.of(reused, cold)) {
            String token = submit(http, api, guid, json);
            if (follow(http, api, guid, token) != 6) {
                throw new IllegalStateException("the 10-page document failed on " + api);
            }
            Path pdf = pdfs.resolve(token + ".pdf");
            http.send(HttpRequest.newBuilder(URI.create(api + "api/v1/printHtml/download/" + token)).build(),
                    BodyHandlers.ofFile(pdf));
            Process info = new ProcessBuilder("pdfinfo", pdf.toString()).redirectErrorStream(true).start();
            String out = new String(info.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!out.matches("(?s).*Pages:\\s+" + PAGES + "\\s.*")) {
                throw new IllegalStateException("not " + PAGES + " pages from " + api + ":\n" + out);
            }
        }
        renderRound("warm-up reused-browser", http, reused, guid, json, jobs);
        renderRound("warm-up cold-browser", http, cold, guid, json, jobs);
        List<double[]> a = new ArrayList<>();
        List<double[]> b = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            a.add(renderRound("reused-browser round " + round, http, reused, guid, json, jobs));
            b.add(renderRound("cold-browser round " + round, http, cold, guid, json, jobs));
        }
        System.out.printf("RESULT html-to-pdf 10 pages  reused browser %.1f pages/s (%.0f ms/doc)  cold browser per"
                + " job %.1f pages/s (%.0f ms/doc)  ratio %.2f  [%d interleaved rounds of %d jobs, one at a time,"
                + " medians]%n", median(a, 0), median(a, 1), median(b, 0), median(b, 1), median(a, 0) / median(b, 0),
                rounds, jobs);
    }

    private static double[] renderRound(String name, HttpClient http, String api, String guid, String json, int jobs)
            throws Exception {
        String loadBefore = quiet();
        long start = System.nanoTime();
        for (int i = 0; i < jobs; i++) {
            String token = submit(http, api, guid, json);
            int status = follow(http, api, guid, token);
            if (status != 6) {
                throw new IllegalStateException(name + ": a job ended with status " + status);
            }
        }
        double secondsTaken = (System.nanoTime() - start) / 1e9;
        double pagesPerSecond = jobs * PAGES / secondsTaken;
        System.out.printf("%s %.1f pages/s %.0f ms/doc load=%s%n", name, pagesPerSecond, secondsTaken * 1000 / jobs,
                loadBefore);
        return new double[] { pagesPerSecond, secondsTaken * 1000 / jobs };
    }
}
