package org.printhub.api.octoprint.internal;

import java.util.List;
import java.util.Map;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * One client of the push socket: SockJS framing ({@code o}, {@code h}, {@code a[...]}, {@code c[...]}) or the raw
 * websocket (one JSON object per text message). Nothing but {@code connected} is sent until the client
 * authenticates with an {@code auth} message ({@code user:session} from {@code /api/login}, or
 * {@code user:apikey}); then {@code history} and every {@code current} and {@code event} follow.
 */
final class PushSession implements WebSocket.Listener {
    private final boolean sockJs;
    private final PushHub hub;
    private final Gson gson;
    private volatile WebSocket socket;
    private volatile String user;
    private volatile int throttle = 1;
    volatile long lastCurrentMillis;

    PushSession(boolean sockJs, PushHub hub, Gson gson) {
        this.sockJs = sockJs;
        this.hub = hub;
        this.gson = gson;
    }

    boolean authenticated() {
        return user != null;
    }

    int throttle() {
        return throttle;
    }

    @Override
    public void onOpen(WebSocket s) {
        this.socket = s;
        if (sockJs) {
            s.sendText("o");
        }
        hub.opened(this);
    }

    @Override
    public void onText(String text) {
        for (JsonObject message : messages(text)) {
            if (message.has("auth") && message.get("auth").isJsonPrimitive()) {
                String auth = message.get("auth").getAsString();
                int colon = auth.indexOf(':');
                String u = colon < 0 ? null : hub.authenticate(auth.substring(0, colon), auth.substring(colon + 1));
                boolean first = user == null;
                user = u;
                if (u != null && first) {
                    hub.authenticated(this);
                }
            } else if (message.has("throttle") && message.get("throttle").isJsonPrimitive()) {
                try {
                    throttle = Math.max(1, Math.min(100, message.get("throttle").getAsInt()));
                } catch (NumberFormatException e) {
                    // ignored, as OctoPrint does
                }
            }
        }
    }

    private List<JsonObject> messages(String text) {
        try {
            JsonElement e = JsonParser.parseString(text);
            if (e.isJsonObject()) {
                return List.of(e.getAsJsonObject());
            }
            if (e.isJsonArray()) {
                // SockJS clients send an array of strings, each a JSON message
                JsonArray a = e.getAsJsonArray();
                java.util.ArrayList<JsonObject> out = new java.util.ArrayList<>();
                for (JsonElement item : a) {
                    JsonElement inner = item.isJsonPrimitive() ? JsonParser.parseString(item.getAsString()) : item;
                    if (inner.isJsonObject()) {
                        out.add(inner.getAsJsonObject());
                    }
                }
                return out;
            }
        } catch (JsonParseException | IllegalStateException e) {
            // a bad message is ignored; the socket stays open
        }
        return List.of();
    }

    @Override
    public void onClose() {
        hub.closed(this);
    }

    /** Sends one message, e.g. {@code {"current": {...}}}. */
    void send(String type, Object payload) {
        WebSocket s = socket;
        if (s == null) {
            return;
        }
        String json = gson.toJson(Map.of(type, payload));
        s.sendText(sockJs ? "a[" + json + "]" : json);
    }

    /** SockJS's heartbeat, or a websocket ping on the raw socket. */
    void heartbeat() {
        WebSocket s = socket;
        if (s == null) {
            return;
        }
        if (sockJs) {
            s.sendText("h");
        } else {
            s.sendPing();
        }
    }

    void close() {
        WebSocket s = socket;
        if (s != null) {
            if (sockJs) {
                s.sendText("c[3000,\"Go away!\"]");
            }
            s.close(1000, "");
        }
    }
}
