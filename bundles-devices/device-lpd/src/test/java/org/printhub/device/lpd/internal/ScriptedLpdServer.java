package org.printhub.device.lpd.internal;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A minimal LPD receiver for what the real ones cannot show: the client's source port, the exact control file,
 * and answers a real server does not give on demand. It takes one job and answers every command with yes.
 */
final class ScriptedLpdServer implements AutoCloseable {
    final ServerSocket server;
    volatile int clientPort;
    volatile String controlFile;

    ScriptedLpdServer() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    int port() {
        return server.getLocalPort();
    }

    /** Serves one connection; returns when the client closes it. */
    void serveOne() throws IOException {
        try (Socket s = server.accept()) {
            clientPort = s.getPort();
            DataInputStream in = new DataInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            line(in); // 02 queue
            out.write(0);
            for (String command = line(in); command != null; command = line(in)) {
                String[] sizeAndName = command.substring(1).split(" ", 2);
                out.write(0);
                byte[] content = new byte[Integer.parseInt(sizeAndName[0])];
                in.readFully(content);
                in.readByte();
                if (command.charAt(0) == 2) {
                    controlFile = new String(content, StandardCharsets.UTF_8);
                }
                out.write(0);
            }
        }
    }

    private static String line(DataInputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                return null;
            }
            b.write(c);
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
