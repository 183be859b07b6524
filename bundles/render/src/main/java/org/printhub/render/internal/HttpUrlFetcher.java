package org.printhub.render.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.Designate;
import org.printhub.render.UrlFetcher;
import org.printhub.render.UrlFetcher.FetchException.Reason;

@Component(service = UrlFetcher.class, configurationPid = HttpUrlFetcher.PID)
@Designate(ocd = FetchConfig.class)
public final class HttpUrlFetcher implements UrlFetcher {
    static final String PID = "org.printhub.render.fetch";

    private final NetworkRules rules;
    private final long maxBytes;
    private final Duration timeout;
    private final int maxRedirects;
    /** Made at the first fetch: building one loads the whole TLS stack, which a server start need not wait for. */
    private HttpClient client;

    @Activate
    public HttpUrlFetcher(FetchConfig config) {
        this(config, InetAddress::getAllByName);
    }

    HttpUrlFetcher(FetchConfig config, NetworkRules.Resolver resolver) {
        this.rules = new NetworkRules(Arrays.asList(config.allowList()), resolver);
        this.maxBytes = Math.max(1, config.maxBytes());
        this.timeout = Duration.ofSeconds(Math.max(1, config.timeoutSeconds()));
        this.maxRedirects = Math.max(0, config.maxRedirects());
    }

    private synchronized HttpClient client() {
        if (client == null) {
            // Redirects are followed here, one checked hop at a time, never by the client.
            client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(timeout).build();
        }
        return client;
    }

    @Override
    public void check(URI url) throws FetchException {
        rules.check(url);
    }

    /** The checked addresses, for a renderer that lets its own network stack connect. */
    InetAddress[] checkAndResolve(URI url) throws FetchException {
        return rules.check(url);
    }

    @Override
    public long maxBytes() {
        return maxBytes;
    }

    @Override
    public Fetched fetch(URI url, String cookie, Path target) throws FetchException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String cookieHost = url.getHost();
        URI current = url;
        try {
            for (int hop = 0;; hop++) {
                rules.check(current);
                HttpRequest.Builder request = HttpRequest.newBuilder(current).GET().timeout(remaining(deadline, url))
                        .header("Accept", "*/*");
                if (cookie != null && !cookie.isBlank() && cookieHost != null
                        && cookieHost.equalsIgnoreCase(current.getHost())) {
                    request.header("Cookie", cookie);
                }
                HttpResponse<InputStream> response = client().send(request.build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                int status = response.statusCode();
                if (status >= 300 && status < 400 && response.headers().firstValue("Location").isPresent()) {
                    response.body().close();
                    if (hop >= maxRedirects) {
                        throw new FetchException(Reason.FAILED, "cannot fetch " + url + ": more than "
                                + maxRedirects + " redirects");
                    }
                    current = redirectTarget(current, response.headers().firstValue("Location").get());
                    continue;
                }
                if (status != 200) {
                    response.body().close();
                    throw new FetchException(Reason.FAILED, "cannot fetch " + current + ": the server answered "
                            + status);
                }
                long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
                if (declared > maxBytes) {
                    response.body().close();
                    throw tooLarge(current);
                }
                long size = copy(response.body(), target, deadline, current);
                String type = response.headers().firstValue("Content-Type").orElse("application/octet-stream");
                int semi = type.indexOf(';');
                type = (semi >= 0 ? type.substring(0, semi) : type).trim().toLowerCase(Locale.ROOT);
                return new Fetched(current, type.isEmpty() ? "application/octet-stream" : type, size);
            }
        } catch (FetchException e) {
            deleteQuietly(target);
            throw e;
        } catch (HttpTimeoutException e) {
            deleteQuietly(target);
            throw timedOut(url);
        } catch (IOException e) {
            deleteQuietly(target);
            throw new FetchException(Reason.FAILED, "cannot fetch " + current + ": " + describe(e), e);
        } catch (IllegalArgumentException e) {
            deleteQuietly(target);
            throw new FetchException(Reason.REFUSED, "cannot fetch " + current + ": " + e.getMessage(), e);
        }
    }

    private static URI redirectTarget(URI from, String location) throws FetchException {
        try {
            return from.resolve(URI.create(location.trim()));
        } catch (IllegalArgumentException e) {
            throw new FetchException(Reason.FAILED, "cannot fetch " + from + ": bad redirect " + location);
        }
    }

    private long copy(InputStream body, Path target, long deadline, URI url) throws IOException {
        AtomicBoolean expired = new AtomicBoolean();
        long left = deadline - System.nanoTime();
        // A server that stops sending mid-body would block read() forever: closing the stream ends it.
        CompletableFuture<Void> watchdog = CompletableFuture.runAsync(() -> {
            expired.set(true);
            try {
                body.close();
            } catch (IOException ignored) {
                // nothing more to do: the reader sees the closed stream
            }
        }, CompletableFuture.delayedExecutor(Math.max(1, left), TimeUnit.NANOSECONDS));
        long total = 0;
        try (InputStream in = body; OutputStream out = Files.newOutputStream(target)) {
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                total += n;
                if (total > maxBytes) {
                    throw tooLarge(url);
                }
                out.write(buffer, 0, n);
            }
        } catch (FetchException e) {
            throw e;
        } catch (IOException e) {
            if (expired.get()) {
                throw timedOut(url);
            }
            throw e;
        } finally {
            watchdog.cancel(false);
        }
        if (expired.get()) {
            throw timedOut(url);
        }
        return total;
    }

    private Duration remaining(long deadline, URI url) throws FetchException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw timedOut(url);
        }
        return Duration.ofNanos(left);
    }

    private FetchException timedOut(URI url) {
        return new FetchException(Reason.TIMEOUT, "cannot fetch " + url + ": no complete answer within "
                + timeout.toSeconds() + " s");
    }

    private FetchException tooLarge(URI url) {
        return new FetchException(Reason.TOO_LARGE, "cannot fetch " + url + ": larger than " + maxBytes + " bytes");
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? "connection failed" : m.replaceAll("\\s+", " ");
    }

    private static void deleteQuietly(Path target) {
        try {
            Files.deleteIfExists(target);
        } catch (IOException ignored) {
            // a temporary file the caller's directory clean-up also removes
        }
    }
}
