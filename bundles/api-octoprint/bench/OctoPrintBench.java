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
import java.util.function.Supplier;

/**
 * OctoPrint upload figures against a running Printhub (see run.sh, which takes the GET /api/job figures with wrk):
 * MB/s of a G-code upload (multipart POST /api/files/local, on disk when answered) against a bare Jetty's
 * (bench/jetty) streamed PUT with fsync, in alternating rounds; then one upload of the given size, during which
 * run.sh samples the server's heap.
 * Usage: java OctoPrintBench.java <base URL> <key> <unused> <bare Jetty URL> <rounds> <upload MiB> [<big upload MiB>]
 */
public final class OctoPrintBench {
    public static void main(String[] args) throws Exception {
        URI base = URI.create(args[0]);
        String key = args[1];
        URI bare = URI.create(args[3]);
        int rounds = Integer.parseInt(args[4]);
        long upload = Long.parseLong(args[5]) << 20;
        long big = args.length > 6 ? Long.parseLong(args[6]) << 20 : 0;
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

}
