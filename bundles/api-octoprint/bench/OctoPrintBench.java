import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * OctoPrint figures against a running Printhub (see run.sh), each next to a bare Jetty (bench/jetty) in the same run:
 * GET /api/job on 64 connections (requests/s, p50, p99) against the bare Jetty's small GET, in alternating rounds;
 * MB/s of a 100 MB G-code upload (multipart POST /api/files/local, on disk when answered) against the bare Jetty's
 * streamed PUT with fsync; then one upload of the given size, during which run.sh samples the server's heap.
 * Usage: java OctoPrintBench.java <base URL> <key> <seconds per rate> <bare Jetty URL> <rounds> <upload MiB>
 * [<big upload MiB>]
 */
public final class OctoPrintBench {
    public static void main(String[] args) throws Exception {
        URI base = URI.create(args[0]);
        String key = args[1];
        int seconds = Integer.parseInt(args[2]);
        URI bare = URI.create(args[3]);
        int rounds = Integer.parseInt(args[4]);
        long upload = Long.parseLong(args[5]) << 20;
        long big = args.length > 6 ? Long.parseLong(args[6]) << 20 : 0;
        List<Double> ours = new ArrayList<>();
        List<Double> theirs = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            ours.add(rate("octoprint-get-job-64c", 64, seconds,
                    () -> HttpRequest.newBuilder(base.resolve("api/job")).header("X-Api-Key", key).build(),
                    r -> r.statusCode() == 200 && r.body().contains("\"state\""))[0]);
            theirs.add(rate("bare-jetty-get-64c", 64, seconds, () -> HttpRequest.newBuilder(bare.resolve("get"))
                    .build(), r -> r.statusCode() == 200)[0]);
        }
        System.out.printf("get-job-64c  %.0f req/s  bare Jetty GET %.0f req/s  ratio %.2f (medians of %d rounds)%n",
                median(ours), median(theirs), median(ours) / median(theirs), rounds);
        List<Double> up = new ArrayList<>();
        List<Double> put = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            up.add(uploadGcode(base, key, upload, "bench.gcode"));
            put.add(barePut(bare, upload));
        }
        System.out.printf("upload-%dMB  %.1f MB/s  bare Jetty PUT+fsync %.1f MB/s  ratio %.2f (medians of %d rounds)%n",
                upload >> 20, median(up), median(put), median(up) / median(put), rounds);
        if (big > 0) {
            System.out.println("big-upload-start");
            double mbs = uploadGcode(base, key, big, "big.gcode");
            System.out.printf("upload-%dMB  %.1f MB/s%n", big >> 20, mbs);
            System.out.println("big-upload-end");
        }
    }

    static double uploadGcode(URI base, String key, long size, String name) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        String boundary = "----bench" + System.nanoTime();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        Supplier<InputStream> body = () -> new SequenceInputStream(Collections.enumeration(List.of(
                new java.io.ByteArrayInputStream(head), gcode(size), new java.io.ByteArrayInputStream(tail))));
        long start = System.nanoTime();
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(base.resolve("api/files/local"))
                .header("X-Api-Key", key).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(BodyPublishers.fromPublisher(BodyPublishers.ofInputStream(body),
                        head.length + size + tail.length)).build(), BodyHandlers.ofString());
        double s = (System.nanoTime() - start) / 1e9;
        if (r.statusCode() != 201) {
            throw new IOException("upload: " + r.statusCode() + " " + r.body());
        }
        System.out.printf("octoprint-upload bytes=%d seconds=%.2f rate=%.1f MB/s%n", size, s, size / 1e6 / s);
        return size / 1e6 / s;
    }

    static double barePut(URI bare, long size) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        long start = System.nanoTime();
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(bare.resolve("put"))
                .PUT(BodyPublishers.fromPublisher(BodyPublishers.ofInputStream(() -> gcode(size)), size)).build(),
                BodyHandlers.ofString());
        double s = (System.nanoTime() - start) / 1e9;
        if (r.statusCode() != 200) {
            throw new IOException("bare PUT: " + r.statusCode());
        }
        System.out.printf("bare-jetty-put bytes=%d seconds=%.2f rate=%.1f MB/s%n", size, s, size / 1e6 / s);
        return size / 1e6 / s;
    }

    /** G-code lines, generated as they are read. */
    static InputStream gcode(long size) {
        byte[] line = "G1 X120.125 Y87.5 E0.04210\n".getBytes(StandardCharsets.US_ASCII);
        return new InputStream() {
            long at;

            @Override
            public int read() {
                return at < size ? line[(int) (at++ % line.length)] : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (at >= size) {
                    return -1;
                }
                int n = (int) Math.min(len, size - at);
                for (int i = 0; i < n; i++) {
                    b[off + i] = line[(int) ((at + i) % line.length)];
                }
                at += n;
                return n;
            }
        };
    }

    static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(d -> d).sorted().toArray();
        return v.length == 0 ? 0 : v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** @return rate per second, p50 ms, p99 ms */
    static double[] rate(String name, int connections, int seconds, Supplier<HttpRequest> request,
            Predicate<HttpResponse<String>> accepted) throws Exception {
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
        double p50 = sorted.length == 0 ? 0 : sorted[sorted.length / 2] / 1e6;
        double p99 = sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) (0.99 * sorted.length))] / 1e6;
        System.out.printf("%s rate=%.0f/s ok=%d failed=%d p50ms=%.1f p99ms=%.1f%n", name, ok / (double) seconds, ok,
                failed, p50, p99);
        return new double[] { ok / (double) seconds, p50, p99 };
    }
}
