package org.printhub.api.octoprint.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.HttpStream;
import org.eclipse.jetty.util.Callback;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * RFC 6455 websocket over the HTTP connection Jetty (Felix HTTP) already has. Jetty 12's servlet layer does not
 * implement {@code HttpServletRequest.upgrade} and Felix HTTP ships no websocket implementation, so after a valid
 * handshake this answers 101 and hands the connection to a Jetty core {@link org.eclipse.jetty.io.Connection}
 * through {@link HttpStream#UPGRADE_CONNECTION_ATTRIBUTE}, as Jetty's own websocket server does. Text, ping, pong,
 * close and fragmented messages are handled; messages are at most {@link #MAX_MESSAGE} bytes.
 */
final class JettyWebSocket extends AbstractConnection implements WebSocket {
    static final int MAX_MESSAGE = 256 * 1024;
    private static final int MAX_QUEUED = 256;
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private final WebSocket.Listener listener;
    private final ByteBuffer input = ByteBuffer.allocate(16 * 1024);
    private byte[] pending = new byte[0];
    private final ByteArrayOutputStream message = new ByteArrayOutputStream();
    private boolean inTextMessage;
    private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
    private boolean writing;
    private boolean closing;
    private boolean closed;

    private JettyWebSocket(EndPoint endPoint, java.util.concurrent.Executor executor, WebSocket.Listener listener) {
        super(endPoint, executor);
        this.listener = listener;
    }

    /**
     * Answers the handshake: 101 and the socket opened with {@code listener}, or 400 for a request that is not a
     * websocket handshake (the caller writes nothing more either way).
     *
     * @return whether the request was upgraded
     */
    static boolean upgrade(HttpServletRequest request, HttpServletResponse response, WebSocket.Listener listener)
            throws java.io.IOException {
        String key = request.getHeader("Sec-WebSocket-Key");
        String upgrade = request.getHeader("Upgrade");
        String connection = request.getHeader("Connection");
        if (!"GET".equals(request.getMethod()) || key == null || upgrade == null
                || !upgrade.toLowerCase(Locale.ROOT).contains("websocket") || connection == null
                || !connection.toLowerCase(Locale.ROOT).contains("upgrade")) {
            return false;
        }
        if (!"13".equals(request.getHeader("Sec-WebSocket-Version"))) {
            response.setHeader("Sec-WebSocket-Version", "13");
            response.sendError(426);
            return true;
        }
        ServletContextRequest core = ServletContextRequest.getServletContextRequest(request);
        EndPoint endPoint = core.getConnectionMetaData().getConnection().getEndPoint();
        JettyWebSocket socket = new JettyWebSocket(endPoint, core.getComponents().getExecutor(), listener);
        core.setAttribute(HttpStream.UPGRADE_CONNECTION_ATTRIBUTE, socket);
        response.setStatus(101);
        response.setHeader("Upgrade", "websocket");
        response.setHeader("Connection", "Upgrade");
        response.setHeader("Sec-WebSocket-Accept", accept(key));
        response.flushBuffer();
        return true;
    }

    static String accept(String key) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-1").digest((key.trim() + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void onOpen() {
        super.onOpen();
        listener.onOpen(this);
        fillInterested();
    }

    @Override
    public void onFillable() {
        try {
            while (true) {
                input.clear();
                input.flip();
                int n = getEndPoint().fill(input);
                if (n < 0) {
                    shutdown();
                    return;
                }
                if (n == 0) {
                    fillInterested();
                    return;
                }
                byte[] chunk = new byte[input.remaining()];
                input.get(chunk);
                byte[] all = new byte[pending.length + chunk.length];
                System.arraycopy(pending, 0, all, 0, pending.length);
                System.arraycopy(chunk, 0, all, pending.length, chunk.length);
                pending = all;
                if (!parseFrames()) {
                    return;
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            shutdown();
        }
    }

    /** Parses complete frames from {@link #pending}; false once the socket is closing. */
    private boolean parseFrames() {
        int p = 0;
        while (pending.length - p >= 2) {
            int b0 = pending[p] & 0xff;
            int b1 = pending[p + 1] & 0xff;
            boolean fin = (b0 & 0x80) != 0;
            int opcode = b0 & 0x0f;
            boolean masked = (b1 & 0x80) != 0;
            long len = b1 & 0x7f;
            int header = 2;
            if (len == 126) {
                if (pending.length - p < 4) {
                    break;
                }
                len = ((pending[p + 2] & 0xff) << 8) | (pending[p + 3] & 0xff);
                header = 4;
            } else if (len == 127) {
                if (pending.length - p < 10) {
                    break;
                }
                len = 0;
                for (int i = 0; i < 8; i++) {
                    len = (len << 8) | (pending[p + 2 + i] & 0xff);
                }
                header = 10;
            }
            if ((b0 & 0x70) != 0 || !masked) {
                close(1002, "protocol error");
                return false;
            }
            if (len > MAX_MESSAGE || message.size() + len > MAX_MESSAGE) {
                close(1009, "message too big");
                return false;
            }
            if (pending.length - p < header + 4 + len) {
                break;
            }
            byte[] mask = java.util.Arrays.copyOfRange(pending, p + header, p + header + 4);
            byte[] payload = java.util.Arrays.copyOfRange(pending, p + header + 4, p + header + 4 + (int) len);
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= mask[i & 3];
            }
            p += header + 4 + (int) len;
            if (!onFrame(fin, opcode, payload)) {
                return false;
            }
        }
        pending = java.util.Arrays.copyOfRange(pending, p, pending.length);
        return true;
    }

    private boolean onFrame(boolean fin, int opcode, byte[] payload) {
        switch (opcode) {
        case 0x1, 0x2 -> {
            message.reset();
            inTextMessage = opcode == 0x1;
            message.writeBytes(payload);
            if (fin) {
                return deliver();
            }
        }
        case 0x0 -> {
            message.writeBytes(payload);
            if (fin) {
                return deliver();
            }
        }
        case 0x8 -> {
            close(1000, "");
            return false;
        }
        case 0x9 -> enqueue(frame(0xA, payload));
        case 0xA -> {
            // pong: nothing to do
        }
        default -> {
            close(1002, "unknown opcode");
            return false;
        }
        }
        return true;
    }

    private boolean deliver() {
        byte[] bytes = message.toByteArray();
        message.reset();
        if (!inTextMessage) {
            close(1003, "text messages only");
            return false;
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
            listener.onText(text);
            return true;
        } catch (CharacterCodingException e) {
            close(1007, "invalid UTF-8");
            return false;
        }
    }

    static ByteBuffer frame(int opcode, byte[] payload) {
        int header = payload.length < 126 ? 2 : payload.length < 65536 ? 4 : 10;
        ByteBuffer b = ByteBuffer.allocate(header + payload.length);
        b.put((byte) (0x80 | opcode));
        if (payload.length < 126) {
            b.put((byte) payload.length);
        } else if (payload.length < 65536) {
            b.put((byte) 126).putShort((short) payload.length);
        } else {
            b.put((byte) 127).putLong(payload.length);
        }
        b.put(payload).flip();
        return b;
    }

    @Override
    public void sendText(String text) {
        enqueue(frame(0x1, text.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public void sendPing() {
        enqueue(frame(0x9, new byte[0]));
    }

    @Override
    public void close(int code, String reason) {
        byte[] r = reason.getBytes(StandardCharsets.UTF_8);
        ByteBuffer payload = ByteBuffer.allocate(2 + Math.min(r.length, 120));
        payload.putShort((short) code).put(r, 0, Math.min(r.length, 120));
        synchronized (this) {
            if (closing || closed) {
                return;
            }
            enqueueLocked(frame(0x8, payload.array()));
            closing = true;
        }
    }

    private void enqueue(ByteBuffer frame) {
        synchronized (this) {
            if (closing || closed) {
                return;
            }
            if (queue.size() >= MAX_QUEUED) {
                // a client this far behind is gone or too slow for live data
                closing = true;
                queue.clear();
                queue.add(frame(0x8, new byte[] { 0x03, (byte) 0xF0 }));
            } else {
                enqueueLocked(frame);
                return;
            }
        }
        writeNext();
    }

    private void enqueueLocked(ByteBuffer frame) {
        queue.add(frame);
        if (!writing) {
            getExecutor().execute(this::writeNext);
        }
    }

    private void writeNext() {
        ByteBuffer next;
        synchronized (this) {
            if (writing || closed) {
                return;
            }
            next = queue.poll();
            if (next == null) {
                if (closing) {
                    closed = true;
                    getEndPoint().close();
                }
                return;
            }
            writing = true;
        }
        getEndPoint().write(Callback.from(() -> {
            synchronized (this) {
                writing = false;
            }
            writeNext();
        }, failure -> shutdown()), next);
    }

    @Override
    public boolean onIdleExpired(TimeoutException timeout) {
        shutdown();
        return true;
    }

    private void shutdown() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            queue.clear();
        }
        getEndPoint().close();
    }

    @Override
    public void onClose(Throwable cause) {
        synchronized (this) {
            closed = true;
            queue.clear();
        }
        super.onClose(cause);
        listener.onClose();
    }
}
