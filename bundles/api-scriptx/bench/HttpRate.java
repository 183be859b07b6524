import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * GET requests per second against one URL: {@code java HttpRate.java <url> <threads> <seconds> [basic-auth-user]}.
 * Prints the rate and the share of non-200 answers. A benchmark, not a test: it prints figures and judges nothing.
 */
public class HttpRate {
    public static void main(String[] args) throws Exception {
        URI url = URI.create(args[0]);
        int threads = Integer.parseInt(args[1]);
        long seconds = Long.parseLong(args[2]);
        String auth = args.length > 3 ? "Basic " + java.util.Base64.getEncoder().encodeToString((args[3] + ":").getBytes()) : null;
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        AtomicLong ok = new AtomicLong();
        AtomicLong other = new AtomicLong();
        long warmEnd = System.nanoTime() + 3_000_000_000L;
        long end = warmEnd + seconds * 1_000_000_000L;
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> {
                HttpRequest.Builder b = HttpRequest.newBuilder(url).GET();
                if (auth != null) {
                    b.header("Authorization", auth);
                }
                HttpRequest r = b.build();
                while (true) {
                    long now = System.nanoTime();
                    if (now > end) {
                        return;
                    }
                    try {
                        int status = client.send(r, HttpResponse.BodyHandlers.discarding()).statusCode();
                        if (now > warmEnd) {
                            (status == 200 ? ok : other).incrementAndGet();
                        }
                    } catch (Exception e) {
                        other.incrementAndGet();
                    }
                }
            });
            t.start();
            workers.add(t);
        }
        for (Thread t : workers) {
            t.join();
        }
        System.out.printf("%s: %.0f requests/s (%d threads, %d s after 3 s warm-up), %d not 200%n", url,
                ok.get() / (double) seconds, threads, seconds, other.get());
    }
}
