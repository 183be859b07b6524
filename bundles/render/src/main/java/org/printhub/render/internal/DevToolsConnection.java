package org.printhub.render.internal;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.printhub.render.RenderException;
import org.printhub.render.RenderException.Reason;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * One DevTools protocol WebSocket (a browser or one page): numbered calls answered by id, and events handed to
 * the handlers registered for their method. Handlers run on the WebSocket's thread and must not block.
 */
final class DevToolsConnection implements WebSocket.Listener, AutoCloseable {
    private static final long SEND_TIMEOUT_SECONDS = 10;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, CompletableFuture<JsonObject>> calls = new ConcurrentHashMap<>();
    private final Map<String, Consumer<JsonObject>> handlers = new ConcurrentHashMap<>();
    private final StringBuilder partial = new StringBuilder();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private volatile WebSocket socket;

    private DevToolsConnection() {
    }

    static DevToolsConnection open(HttpClient http, URI endpoint, Duration timeout)
            throws RenderException, InterruptedException {
        DevToolsConnection c = new DevToolsConnection();
        try {
            c.socket = http.newWebSocketBuilder().connectTimeout(timeout).buildAsync(endpoint, c)
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new RenderException(Reason.UNAVAILABLE, "cannot connect to Chromium's DevTools at " + endpoint, e);
        }
        return c;
    }

    void on(String event, Consumer<JsonObject> handler) {
        handlers.put(event, handler);
    }

    /** Completes when the connection closes, for whatever reason. */
    CompletableFuture<Void> closed() {
        return closed;
    }

    boolean isOpen() {
        return !closed.isDone();
    }

    /** Sends a command without waiting for its answer; failures are ignored (e.g. answering a paused request). */
    void send(String method, JsonObject params) {
        callAsync(method, params);
    }

    /**
     * @return the command's {@code result}
     * @throws RenderException TIMEOUT when no answer comes before {@code deadline} (a {@link System#nanoTime()}),
     *         UNAVAILABLE when the connection closes or the browser answers with an error
     */
    JsonObject call(String method, JsonObject params, long deadline) throws RenderException, InterruptedException {
        CompletableFuture<JsonObject> answer = callAsync(method, params);
        try {
            return answer.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new RenderException(Reason.TIMEOUT, "Chromium did not finish " + method + " in time");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RenderException) {
                throw (RenderException) cause;
            }
            throw new RenderException(Reason.UNAVAILABLE, "Chromium failed " + method + ": " + cause.getMessage(),
                    cause);
        }
    }

    private CompletableFuture<JsonObject> callAsync(String method, JsonObject params) {
        long id = ids.incrementAndGet();
        CompletableFuture<JsonObject> answer = new CompletableFuture<>();
        calls.put(id, answer);
        JsonObject message = new JsonObject();
        message.addProperty("id", id);
        message.addProperty("method", method);
        message.add("params", params == null ? new JsonObject() : params);
        WebSocket ws = socket;
        if (ws == null || closed.isDone()) {
            calls.remove(id);
            answer.completeExceptionally(new RenderException(Reason.UNAVAILABLE, "the DevTools connection closed"));
            return answer;
        }
        // WebSocket allows one outstanding send at a time: serialise them.
        synchronized (this) {
            try {
                // Bounded: a browser that stops reading must not hold every caller of this connection forever.
                ws.sendText(message.toString(), true).get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                calls.remove(id);
                answer.completeExceptionally(new RenderException(Reason.UNAVAILABLE, "interrupted sending " + method));
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                calls.remove(id);
                answer.completeExceptionally(
                        new RenderException(Reason.UNAVAILABLE, "the DevTools connection closed", e));
                if (e instanceof TimeoutException) {
                    ws.abort();
                    failAll();
                }
            }
        }
        return answer;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String text = partial.toString();
            partial.setLength(0);
            dispatch(JsonParser.parseString(text).getAsJsonObject());
        }
        webSocket.request(1);
        return null;
    }

    private void dispatch(JsonObject message) {
        if (message.has("id")) {
            CompletableFuture<JsonObject> answer = calls.remove(message.get("id").getAsLong());
            if (answer == null) {
                return;
            }
            if (message.has("error")) {
                JsonObject error = message.getAsJsonObject("error");
                answer.completeExceptionally(new RenderException(Reason.UNAVAILABLE,
                        error.has("message") ? error.get("message").getAsString() : error.toString()));
            } else {
                answer.complete(message.has("result") ? message.getAsJsonObject("result") : new JsonObject());
            }
        } else if (message.has("method")) {
            Consumer<JsonObject> handler = handlers.get(message.get("method").getAsString());
            if (handler != null) {
                handler.accept(message.has("params") ? message.getAsJsonObject("params") : new JsonObject());
            }
        }
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        failAll();
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        failAll();
    }

    private void failAll() {
        closed.complete(null);
        RenderException gone = new RenderException(Reason.UNAVAILABLE, "the DevTools connection closed");
        calls.values().forEach(f -> f.completeExceptionally(gone));
        calls.clear();
    }

    @Override
    public void close() {
        WebSocket ws = socket;
        if (ws != null && !closed.isDone()) {
            try {
                ws.sendClose(WebSocket.NORMAL_CLOSURE, "").orTimeout(2, TimeUnit.SECONDS).join();
            } catch (RuntimeException ignored) {
                // closing anyway
            }
            ws.abort();
        }
        failAll();
    }
}
