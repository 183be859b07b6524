import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * CirrusPrint figures against a running Printhub (see run.sh): putfile jobs per second with 1 KiB documents on
 * 16 and 64 connections, and MB/s of a segmented upload, each segment forced to disk before its answer.
 * Usage: java CirrusBench.java <base URL> <key> <seconds per rate> <upload bytes> <segment bytes>
 * [<bare Jetty base URL> <rounds>]: with a bare Jetty (bench/jetty), each putfile rate is taken in alternating
 * rounds with a durable PUT of the same 1 KiB to it, and the ratio of the medians is printed.
 */
public final class CirrusBench {
    public static void main(String[] args) throws Exception {
        URI base = URI.create(args[0]);
        String key = args[1];
        int seconds = Integer.parseInt(args[2]);
        long uploadBytes = Long.parseLong(args[3]);
        long segmentBytes = Long.parseLong(args[4]);
        URI bare = args.length > 5 ? URI.create(args[5]) : null;
        int rounds = args.length > 6 ? Integer.parseInt(args[6]) : 1;
        URI putfile = base.resolve("api/putfile?targets=HQ:bench&title=bench.bin");
        byte[] doc = new byte[1024];
        for (int connections : new int[] { 16, 64 }) {
            List<Double> ratios = new ArrayList<>();
            List<Double> ours = new ArrayList<>();
            List<Double> theirs = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                double[] cirrus = rate("putfile-1k-" + connections + "c", connections, seconds,
                        () -> HttpRequest.newBuilder(putfile).header("Authorization", "Bearer " + key)
                                .PUT(BodyPublishers.ofByteArray(doc)).build(),
                        r -> r.statusCode() == 200 && !r.body().startsWith("Error"));
                ours.add(cirrus[0]);
                if (bare != null) {
                    double[] jetty = rate("bare-jetty-put-1k-" + connections + "c", connections, seconds,
                            () -> HttpRequest.newBuilder(bare.resolve("put")).PUT(BodyPublishers.ofByteArray(doc))
                                    .build(),
                            r -> r.statusCode() == 200 && r.body().equals("1024"));
                    theirs.add(jetty[0]);
                    ratios.add(cirrus[0] / jetty[0]);
                }
            }
            if (bare != null) {
                System.out.printf("putfile-1k-%dc  %.0f jobs/s  bare Jetty durable PUT %.0f/s  ratio %.2f  [%.2f-%.2f]"
                        + " (medians of %d interleaved rounds)%n", connections, median(ours), median(theirs),
                        median(ours) / median(theirs), ratios.stream().mapToDouble(d -> d).min().orElse(0),
                        ratios.stream().mapToDouble(d -> d).max().orElse(0), rounds);
            }
        }
        upload(base, key, uploadBytes, segmentBytes);
    }

    private static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(d -> d).sorted().toArray();
        return v.length == 0 ? 0 : v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** @return rate per second, p50 ms, p99 ms */
    private static double[] rate(String name, int connections, int seconds,
            java.util.function.Supplier<HttpRequest> request,
            java.util.function.Predicate<HttpResponse<String>> accepted) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        HttpClient client = HttpClient.newBuilder().executor(pool).build();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        ExecutorService workers = Executors.newFixedThreadPool(connections);
        List<Future<long[]>> results = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            results.add(workers.submit(() -> {
                long ok = 0;
                long failed = 0;
                List<Long> latencies = new ArrayList<>();
                while (System.nanoTime() < end) {
                    long t = System.nanoTime();
                    HttpResponse<String> r = client.send(request.get(), BodyHandlers.ofString());
                    if (accepted.test(r)) {
                        ok++;
                        latencies.add(System.nanoTime() - t);
                    } else {
                        failed++;
                    }
                }
                long[] out = new long[2 + latencies.size()];
                out[0] = ok;
                out[1] = failed;
                for (int j = 0; j < latencies.size(); j++) {
                    out[2 + j] = latencies.get(j);
                }
                return out;
            }));
        }
        long ok = 0;
        long failed = 0;
        List<Long> all = new ArrayList<>();
        for (Future<long[]> f : results) {
            long[] r = f.get();
            ok += r[0];
            failed += r[1];
            for (int j = 2; j < r.length; j++) {
                all.add(r[j]);
            }
        }
        workers.shutdown();
        pool.shutdown();
        long[] sorted = all.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("%s rate=%.0f/s ok=%d failed=%d p50ms=%.1f p99ms=%.1f%n", name,
                ok / (double) seconds, ok, failed, percentile(sorted, 0.5), percentile(sorted, 0.99));
        return new double[] { ok / (double) seconds, percentile(sorted, 0.5), percentile(sorted, 0.99) };
    }

    private static void upload(URI base, String key, long size, long segment) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        String file = client.send(HttpRequest.newBuilder(base.resolve("api/tempfile"))
                .header("Authorization", "Bearer " + key).GET().build(), BodyHandlers.ofString()).body();
        long start = System.nanoTime();
        for (long at = 0; at < size; at += segment) {
            long length = Math.min(segment, size - at);
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(base.resolve("api/putsegment?file=" + file
                    + "&index=" + at)).header("Authorization", "Bearer " + key)
                    .PUT(BodyPublishers.fromPublisher(BodyPublishers.ofInputStream(() -> zeros(length)), length))
                    .build(), BodyHandlers.ofString());
            if (!r.body().equals(Long.toString(length))) {
                throw new IOException("segment at " + at + ": " + r.body());
            }
        }
        double s = (System.nanoTime() - start) / 1e9;
        System.out.printf("segmented-upload bytes=%d segment=%d seconds=%.2f rate=%.1f MB/s%n", size, segment, s,
                size / 1e6 / s);
    }

    private static InputStream zeros(long length) {
        return new InputStream() {
            private long left = length;

            @Override
            public int read() {
                return left-- > 0 ? 0 : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                Arrays.fill(b, off, off + n, (byte) 0);
                left -= n;
                return n;
            }
        };
    }

    private static double percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) (p * sorted.length))] / 1e6;
    }
}
