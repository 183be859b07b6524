import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Figures of the MyQ surface: token issues per second (client_credentials, and login_info with a PIN, whose
 * PBKDF2 is the point), and GET /v3/jobs/{id} requests per second with their p50/p99 latency, each with 64
 * concurrent connections for a fixed time. Starts printhub.jar itself in a temporary directory on free ports.
 *
 *   java bundles/api-myq/bench/MyqBench.java [launcher/target/printhub.jar] [seconds per figure]
 *
 * A benchmark, not a test: it prints figures and passes no verdict.
 */
public class MyqBench {
    static final int CONNECTIONS = 64;
    static final int JOBS = Integer.getInteger("jobs", 10_000);

    public static void main(String[] args) throws Exception {
        Path jar = Paths.get(args.length > 0 ? args[0] : "launcher/target/printhub.jar").toAbsolutePath();
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Path work = Files.createTempDirectory("myq-bench");
        Files.createDirectories(work.resolve("deploy"));
        Files.writeString(work.resolve("deploy/org.printhub.api.myq.cfg"), "port=0\nmaxFailedLogins=1000000\n");
        Files.write(work.resolve("doc.bin"), new byte[4096]);
        Process p = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dprinthub.data=" + work.resolve("data"), "-Dfelix.fileinstall.dir=" + work.resolve("deploy"),
                "-Dprinthub.http.port=0", "-Dprinthub.shell.port=0", "-Dprinthub.defaults=false",
                "-Dgosh.args=--noshutdown", "-jar", jar.toString())
                .directory(work.toFile()).redirectErrorStream(true).start();
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null;) {
                    lines.add(l);
                }
            } catch (IOException e) {
                // the process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        Writer console = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8);
        try {
            URI base = URI.create(await(lines, Pattern.compile("HTTP listener 'myq' at (http://\\S+/)")).group(1));
            await(lines, Pattern.compile("device follow paused"));
            String user = System.getProperty("user.name");
            command(console, "myq:useradd -p 1234 " + user);
            command(console, "myq:appadd jobs,print,queues bench");
            String clientId = await(lines, Pattern.compile("^(?:g! )?client_id\\s+(\\S+)$")).group(1);
            String secret = await(lines, Pattern.compile("^(?:g! )?client_secret\\s+(\\S+)$")).group(1);
            // the store holds JOBS jobs, as the issue asks; the one measured is the last
            for (int i = 0; i < JOBS; i++) {
                command(console, "job:submit " + work.resolve("doc.bin") + " follow");
            }
            Pattern held = Pattern.compile("job (\\d+) pending -> pending-held on follow");
            String jobId = awaitCount(lines, held, JOBS).group(1);

            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .executor(Executors.newFixedThreadPool(8)).connectTimeout(Duration.ofSeconds(10)).build();
            String client = "\"client_id\":\"" + clientId + "\",\"client_secret\":\"" + secret + "\"";
            HttpRequest cc = HttpRequest.newBuilder(base.resolve("api/auth/token")).header("Content-Type",
                    "application/json").POST(BodyPublishers.ofString("{\"grant_type\":\"client_credentials\","
                            + "\"scope\":\"queues\"," + client + "}")).build();
            HttpRequest pin = HttpRequest.newBuilder(base.resolve("api/auth/token")).header("Content-Type",
                    "application/json").POST(BodyPublishers.ofString("{\"grant_type\":\"login_info\",\"scope\":\"jobs\","
                            + client + ",\"login_info\":{\"type\":2,\"pin\":\"1234\"}}")).build();
            String token = http.send(pin, BodyHandlers.ofString()).body().replaceAll(".*\"access_token\":\"([^\"]+)\".*", "$1");
            HttpRequest get = HttpRequest.newBuilder(base.resolve("api/v3/jobs/" + jobId))
                    .header("Authorization", "Bearer " + token).build();

            System.out.printf("MyQ surface, %d connections, %d jobs in the store, %d s per figure, %d CPUs, Java %s%n",
                    CONNECTIONS, JOBS, seconds, Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.version"));
            measure("warm-up", http, () -> get, 3);
            measure("token client_credentials", http, () -> cc, seconds);
            measure("token login_info PIN", http, () -> pin, seconds);
            measure("GET /v3/jobs/{id}", http, () -> get, seconds);
        } finally {
            p.destroy();
            p.waitFor(20, TimeUnit.SECONDS);
            p.destroyForcibly();
        }
    }

    static void measure(String name, HttpClient http, Supplier<HttpRequest> request, int seconds) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        AtomicLong errors = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(CONNECTIONS);
        List<Future<long[]>> all = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < CONNECTIONS; c++) {
            all.add(pool.submit(() -> {
                long[] lat = new long[1 << 16];
                int n = 0;
                while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    int status = http.send(request.get(), BodyHandlers.discarding()).statusCode();
                    if (status != 200) {
                        errors.incrementAndGet();
                    }
                    if (n == lat.length) {
                        lat = Arrays.copyOf(lat, n * 2);
                    }
                    lat[n++] = System.nanoTime() - t0;
                }
                return Arrays.copyOf(lat, n);
            }));
        }
        List<Long> lat = new ArrayList<>();
        for (Future<long[]> f : all) {
            for (long l : f.get()) {
                lat.add(l);
            }
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        lat.sort(Comparator.naturalOrder());
        if (lat.isEmpty()) {
            System.out.printf("%-26s no request completed%n", name);
            return;
        }
        System.out.printf("%-26s %8.0f req/s  p50 %6.1f ms  p99 %6.1f ms  (%d requests, %d errors)%n", name,
                lat.size() / elapsed, lat.get(lat.size() / 2) / 1e6, lat.get((int) (lat.size() * 0.99)) / 1e6,
                lat.size(), errors.get());
    }

    static void command(Writer console, String line) throws IOException {
        console.write(line + "\n");
        console.flush();
    }

    /** The last of at least {@code count} matching lines. */
    static Matcher awaitCount(List<String> lines, Pattern pattern, int count) throws InterruptedException {
        long end = System.currentTimeMillis() + 600_000;
        while (System.currentTimeMillis() < end) {
            Matcher last = null;
            int seen = 0;
            for (String l : List.copyOf(lines)) {
                Matcher m = pattern.matcher(l);
                if (m.find()) {
                    last = m;
                    seen++;
                }
            }
            if (seen >= count) {
                return last;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("printhub never printed " + count + " x " + pattern);
    }

    static Matcher await(List<String> lines, Pattern pattern) throws InterruptedException {
        long end = System.currentTimeMillis() + 90_000;
        while (System.currentTimeMillis() < end) {
            for (String l : lines) {
                Matcher m = pattern.matcher(l);
                if (m.find()) {
                    return m;
                }
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("printhub never printed " + pattern + "; its last lines:\n"
                + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())));
    }
}
