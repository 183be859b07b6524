package org.printhub.device.ipp.internal;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

import com.hp.jipp.encoding.IppInputStream;
import com.hp.jipp.encoding.IppPacket;

/**
 * A plain socket peer that speaks just enough HTTP/1.1 to read IPP requests and answers what the test scripts:
 * a well-formed IPP response, garbage, silence, a reset. The document bytes after a request's attributes are
 * left to the script. For the failures no real printer produces on demand.
 */
final class ScriptedIppPeer implements AutoCloseable {

    /** Decides what happens to one request; reads the document from {@code document} if it wants it. */
    interface Script {
        void answer(IppPacket request, InputStream document, Socket socket) throws IOException, InterruptedException;
    }

    final List<IppPacket> requests = new CopyOnWriteArrayList<>();
    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Thread acceptor;
    private volatile Script script;

    ScriptedIppPeer(Script script) throws IOException {
        this.script = script;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::accept, "scripted-ipp-peer");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    void script(Script next) {
        this.script = next;
    }

    String uri() {
        return "ipp://127.0.0.1:" + server.getLocalPort() + "/ipp/print";
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                sockets.add(s);
                Thread t = new Thread(() -> serve(s), "scripted-ipp-connection");
                t.setDaemon(true);
                t.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            while (true) {
                long length = readHeaders(in);
                if (length < 0) {
                    return;
                }
                InputStream body = new Bounded(in, length);
                // jipp reads ahead through a buffer: feed it a byte per read, so it takes no document bytes
                IppPacket request = new IppInputStream(new OneByteReads(body)).readPacket();
                requests.add(request);
                script.answer(request, body, socket);
                if (socket.isClosed()) {
                    return;
                }
                body.transferTo(OutputStream.nullOutputStream());
            }
        } catch (IOException | InterruptedException ended) {
            // the client went away, or the script closed the socket
        }
    }

    /** The Content-Length of the next request, or -1 at the end of the connection. */
    private static long readHeaders(InputStream in) throws IOException {
        long length = -1;
        boolean any = false;
        for (String line = readLine(in); line != null; line = readLine(in)) {
            if (line.isEmpty()) {
                return any ? Math.max(length, 0) : -1;
            }
            any = true;
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(lower.substring(15).trim());
            }
        }
        return -1;
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int c = in.read(); c >= 0; c = in.read()) {
            if (c == '\n') {
                return line.toString(StandardCharsets.ISO_8859_1).replaceAll("\r$", "");
            }
            line.write(c);
        }
        return null;
    }

    static void reply(Socket socket, IppPacket response) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        response.write(bytes);
        reply(socket, 200, bytes.toByteArray());
    }

    static void reply(Socket socket, int status, byte[] body) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(("HTTP/1.1 " + status + " Scripted\r\nContent-Type: application/ipp\r\nContent-Length: "
                + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    /** Ends the connection with a TCP reset instead of an orderly close. */
    static void reset(Socket socket) throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }

    private static final class OneByteReads extends InputStream {
        private final InputStream in;

        OneByteReads(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            int c = in.read();
            if (c < 0) {
                return -1;
            }
            b[off] = (byte) c;
            return 1;
        }
    }

    private static final class Bounded extends InputStream {
        private final InputStream in;
        private long left;

        Bounded(InputStream in, long left) {
            this.in = in;
            this.left = left;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }
}
