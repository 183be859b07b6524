package org.printhub.device.ipp.internal.transport;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

import org.printhub.device.ipp.internal.transport.IppTransportException.Failure;

import com.hp.jipp.encoding.IppInputStream;
import com.hp.jipp.encoding.IppPacket;

/**
 * IPP over HTTP/1.1 (RFC 8010 §3, RFC 7472 for {@code ipps}) with {@link HttpClient}: each request is one POST
 * of {@code application/ipp}, the document streamed from the spool behind the encoded attributes with an exact
 * Content-Length. Waits end on the caller's interrupt or after the idle timeout, never later.
 */
public final class HttpIppTransport implements IppTransport {
    /** Larger than any Get-Printer-Attributes answer seen in practice (a few tens of KiB). */
    public static final int MAX_RESPONSE_BYTES = 1 << 20;
    private static final int IPP_PORT = 631;
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final URI httpUri;
    private final String where;
    private final ExecutorService executor;
    private final HttpClient client;

    /**
     * @param printerUri {@code ipp}, {@code ipps}, {@code http} or {@code https}; {@link #httpUri} says what it
     *        must look like
     * @param tls the trust to use for {@code ipps} and {@code https}
     * @throws IllegalArgumentException for a URI this transport cannot use
     */
    public HttpIppTransport(URI printerUri, SSLContext tls, Duration connectTimeout) {
        this.httpUri = httpUri(printerUri);
        this.where = httpUri.getHost() + ":" + httpUri.getPort();
        ThreadFactory threads = r -> {
            Thread t = new Thread(r, "printhub-ipp-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.executor = Executors.newCachedThreadPool(threads);
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(connectTimeout)
                .sslContext(tls)
                .executor(executor)
                .build();
    }

    /**
     * The HTTP URI an IPP printer URI stands for: {@code ipp://h/p} is {@code http://h:631/p} and
     * {@code ipps://h/p} is {@code https://h:631/p}.
     *
     * @throws IllegalArgumentException unless the URI names a scheme this transport speaks and a host
     */
    public static URI httpUri(URI printerUri) {
        if (printerUri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("a printer URI must not carry a user name or password");
        }
        String scheme = printerUri.getScheme() == null ? "" : printerUri.getScheme().toLowerCase(Locale.ROOT);
        String http = switch (scheme) {
            case "ipp", "http" -> "http";
            case "ipps", "https" -> "https";
            default -> throw new IllegalArgumentException("'" + withoutUserInfo(printerUri.toString())
                    + "' is not an ipp://, ipps://, http:// or https:// URI");
        };
        if (printerUri.getHost() == null || printerUri.getHost().isEmpty()) {
            throw new IllegalArgumentException("'" + withoutUserInfo(printerUri.toString()) + "' names no host");
        }
        int port = printerUri.getPort() > 0 ? printerUri.getPort()
                : scheme.startsWith("ipp") ? IPP_PORT : http.equals("https") ? 443 : 80;
        String path = printerUri.getRawPath() == null || printerUri.getRawPath().isEmpty() ? "/"
                : printerUri.getRawPath();
        return URI.create(http + "://" + hostForUri(printerUri.getHost()) + ":" + port + path
                + (printerUri.getRawQuery() == null ? "" : "?" + printerUri.getRawQuery()));
    }

    /** The URI as text without a user name or password, fit for messages and displays. */
    public static String withoutUserInfo(String uri) {
        return uri.replaceFirst("//[^/?#]*@", "//");
    }

    private static String hostForUri(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    @Override
    public IppPacket exchange(IppPacket request, DocumentBody document, LongConsumer sent, Duration idleTimeout)
            throws IppTransportException, InterruptedException {
        byte[] head = encode(request);
        Activity activity = new Activity();
        CountingInputStream data = null;
        try {
            BodyPublisher body;
            if (document == null) {
                body = BodyPublishers.ofByteArray(head);
            } else {
                data = new CountingInputStream(open(document), activity);
                CountingInputStream in = data;
                body = BodyPublishers.fromPublisher(
                        BodyPublishers.concat(BodyPublishers.ofByteArray(head), BodyPublishers.ofInputStream(() -> in)),
                        head.length + document.size());
            }
            HttpRequest post = HttpRequest.newBuilder(httpUri)
                    .header("Content-Type", "application/ipp")
                    .POST(body)
                    .build();
            CompletableFuture<HttpResponse<byte[]>> response =
                    client.sendAsync(post, info -> new LimitedBody(activity));
            HttpResponse<byte[]> answer = await(response, activity, data, sent, idleTimeout);
            if (answer.statusCode() != 200) {
                throw new IppTransportException(Failure.HTTP_STATUS, answer.statusCode(), httpStatus(answer.statusCode()),
                        null);
            }
            return decode(answer.body(), request.getRequestId());
        } finally {
            if (data != null) {
                data.closeQuietly();
            }
        }
    }

    private static InputStream open(DocumentBody document) throws IppTransportException {
        try {
            return document.open();
        } catch (IOException e) {
            throw new IppTransportException(Failure.DOCUMENT, "cannot read the document: " + e.getMessage(), e);
        }
    }

    private HttpResponse<byte[]> await(CompletableFuture<HttpResponse<byte[]>> response, Activity activity,
            CountingInputStream data, LongConsumer sent, Duration idleTimeout) throws IppTransportException, InterruptedException {
        long tick = Math.max(1, Math.min(1_000, idleTimeout.toMillis()));
        while (true) {
            try {
                return response.get(tick, TimeUnit.MILLISECONDS);
            } catch (TimeoutException stillWaiting) {
                if (data != null) {
                    sent.accept(data.count());
                }
                if (activity.idleNanos() > idleTimeout.toNanos()) {
                    response.cancel(true);
                    throw new IppTransportException(Failure.TIMEOUT, where + " went silent for "
                            + idleTimeout.toMillis() + " ms" + (data == null ? "" : " after " + data.count()
                                    + " document bytes"), null);
                }
            } catch (InterruptedException e) {
                response.cancel(true);
                throw e;
            } catch (ExecutionException | CancellationException e) {
                throw failure(e instanceof ExecutionException ? e.getCause() : e);
            }
        }
    }

    private IppTransportException failure(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof IppTransportException) {
                return (IppTransportException) c;
            }
        }
        if (has(t, UnresolvedAddressException.class) || has(t, UnknownHostException.class)) {
            return new IppTransportException(Failure.UNKNOWN_HOST, "cannot resolve " + httpUri.getHost(), t);
        }
        if (has(t, HttpConnectTimeoutException.class)) {
            return new IppTransportException(Failure.CONNECT, "no connection to " + where + " within the connect "
                    + "timeout", t);
        }
        if (has(t, ConnectException.class)) {
            return new IppTransportException(Failure.CONNECT, "cannot connect to " + where + ": " + connectProblem(t),
                    t);
        }
        if (has(t, SSLException.class)) {
            return new IppTransportException(Failure.TLS, "TLS with " + where + " failed: " + innermost(t), t);
        }
        if (has(t, HttpTimeoutException.class)) {
            return new IppTransportException(Failure.TIMEOUT, where + " did not answer in time", t);
        }
        return new IppTransportException(Failure.CONNECTION_LOST, "connection to " + where + " lost: "
                + innermost(t), t);
    }

    private static boolean has(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    /** HttpClient reports a refused connection as a ConnectException without a message, caused by a closed channel. */
    private static String connectProblem(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ConnectException && c.getMessage() != null && !c.getMessage().isBlank()) {
                return c.getMessage();
            }
        }
        return "connection refused";
    }

    private static String innermost(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        String message = c.getMessage();
        return message == null || message.isBlank() ? c.getClass().getSimpleName() : message;
    }

    private String httpStatus(int status) {
        String meaning = switch (status) {
            case 401 -> " (the printer asks for credentials)";
            case 403 -> " (the printer refuses this client)";
            case 404 -> " (no printer at " + httpUri.getRawPath() + ")";
            case 426 -> " (the printer requires TLS: use ipps://)";
            case 503 -> " (the printer is busy)";
            default -> "";
        };
        return where + " answered HTTP " + status + meaning;
    }

    private static byte[] encode(IppPacket request) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try {
            request.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private IppPacket decode(byte[] body, int requestId) throws IppTransportException {
        IppPacket response;
        try (IppInputStream in = new IppInputStream(new ByteArrayInputStream(body))) {
            response = in.readPacket();
        } catch (IOException | RuntimeException e) {
            String why = e instanceof java.io.EOFException ? "it ends too early" : innermost(e);
            throw new IppTransportException(Failure.MALFORMED, where + " sent a malformed IPP response ("
                    + body.length + " bytes): " + why, e);
        }
        if (response.getRequestId() != requestId) {
            throw new IppTransportException(Failure.MALFORMED, where + " answered request " + requestId
                    + " with request id " + response.getRequestId(), null);
        }
        return response;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    /** When a byte last went out or came in. */
    private static final class Activity {
        private final AtomicLong last = new AtomicLong(System.nanoTime());

        void touch() {
            last.set(System.nanoTime());
        }

        long idleNanos() {
            return System.nanoTime() - last.get();
        }
    }

    private static final class CountingInputStream extends FilterInputStream {
        private final Activity activity;
        private final AtomicLong count = new AtomicLong();

        CountingInputStream(InputStream in, Activity activity) {
            super(in);
            this.activity = activity;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count.incrementAndGet();
                activity.touch();
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count.addAndGet(n);
                activity.touch();
            }
            return n;
        }

        long count() {
            return count.get();
        }

        @Override
        public void close() {
            // the publisher closes the stream at its end; the exchange closes it when it is abandoned
        }

        void closeQuietly() {
            try {
                in.close();
            } catch (IOException ignored) {
                // a spool stream that fails to close has nothing left to lose
            }
        }
    }

    /** Collects a response body up to {@link #MAX_RESPONSE_BYTES}, marking activity as bytes arrive. */
    private final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final Activity activity;
        private Flow.Subscription subscription;

        LimitedBody(Activity activity) {
            this.activity = activity;
            activity.touch();
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (result.isDone()) {
                return;
            }
            activity.touch();
            for (ByteBuffer b : items) {
                if (bytes.size() + b.remaining() > MAX_RESPONSE_BYTES) {
                    subscription.cancel();
                    result.completeExceptionally(new IppTransportException(Failure.MALFORMED, where
                            + " sent a response larger than " + MAX_RESPONSE_BYTES + " bytes", null));
                    return;
                }
                byte[] chunk = new byte[b.remaining()];
                b.get(chunk);
                bytes.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(bytes.toByteArray());
        }
    }
}
