package org.printhub.device.lpd.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.printhub.device.tcp.TcpConnection;

/**
 * The client side of RFC 1179's "receive a printer job" command and its subcommands: each command is one line,
 * and the server answers each with one byte, 0 meaning yes.
 */
final class LpdClient {
    private final TcpConnection connection;

    LpdClient(TcpConnection connection) {
        this.connection = connection;
    }

    /** Command 02: the job that follows is for {@code queue}. */
    void receiveJob(String queue) throws IOException {
        command(2, queue, "queue '" + queue + "' (no such queue, or it does not take jobs)");
    }

    /** Subcommand 02: the control file, whole. */
    void controlFile(String name, byte[] content) throws IOException {
        command(2, content.length + " " + name, "the control file");
        connection.write(content);
        endOfFile("the control file");
    }

    /** Subcommand 03: announces a data file; its {@code size} bytes follow, then {@link #endOfFile}. */
    void dataFile(String name, long size) throws IOException {
        command(3, size + " " + name, "a data file of " + size + " bytes (no room in its spool?)");
    }

    /** The zero byte after a file's content, and the server's answer. */
    void endOfFile(String what) throws IOException {
        connection.write(new byte[] { 0 });
        acknowledged(what);
    }

    private void command(int code, String operand, String what) throws IOException {
        connection.write((((char) code) + operand + "\n").getBytes(StandardCharsets.UTF_8));
        acknowledged(what);
    }

    private void acknowledged(String what) throws IOException {
        int answer = connection.read();
        if (answer < 0) {
            throw new IOException("the LPD server closed the connection instead of taking " + what);
        }
        if (answer != 0) {
            throw new Refused("the LPD server refused " + what + ": answer " + answer);
        }
    }

    /** The server answered no. */
    static final class Refused extends IOException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }
}
