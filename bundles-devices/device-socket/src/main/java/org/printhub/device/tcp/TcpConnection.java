package org.printhub.device.tcp;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;

/**
 * A TCP connection on which no wait is unbounded: connecting, each write (no progress within the I/O timeout
 * fails it, so a peer that stops reading cannot hold a thread) and each read. A non-blocking channel under a
 * selector, because a blocking socket has no write timeout. An interrupt ends any wait with an
 * {@link InterruptedIOException}, the thread's interrupt status kept.
 */
public final class TcpConnection implements Closeable {
    private volatile boolean finished;
    private final Endpoint endpoint;
    private final SocketChannel channel;
    private final Selector selector;
    private final SelectionKey key;

    private TcpConnection(Endpoint endpoint, SocketChannel channel, Selector selector) throws IOException {
        this.endpoint = endpoint;
        this.channel = channel;
        this.selector = selector;
        this.key = channel.register(selector, 0);
    }

    /** Connects from an ephemeral local port. */
    public static TcpConnection open(Endpoint endpoint) throws IOException {
        return open(endpoint, List.of(), true);
    }

    /**
     * Connects, trying each address the host name resolves to, and from the given local ports in order.
     *
     * @param localPorts local ports to bind to, in order of preference (e.g. LPD's reserved 721-731); empty for
     *        an ephemeral port
     * @param ephemeralFallback whether to connect from an ephemeral port when none of {@code localPorts} can be
     *        used (all busy, or binding them is not permitted)
     * @throws java.net.UnknownHostException when the host name does not resolve
     * @throws TimedOutException when no address answered within the connect timeout
     * @throws BindException when no local port could be used and {@code ephemeralFallback} is false
     */
    public static TcpConnection open(Endpoint endpoint, List<Integer> localPorts, boolean ephemeralFallback)
            throws IOException {
        IOException last = null;
        for (InetAddress address : InetAddress.getAllByName(endpoint.host())) {
            try {
                return connectFrom(endpoint, new InetSocketAddress(address, endpoint.port()), localPorts,
                        ephemeralFallback);
            } catch (InterruptedIOException e) {
                throw e;
            } catch (IOException e) {
                last = e; // the next address of a multi-homed name may answer
            }
        }
        throw last;
    }

    private static TcpConnection connectFrom(Endpoint endpoint, InetSocketAddress remote, List<Integer> localPorts,
            boolean ephemeralFallback) throws IOException {
        for (int port : localPorts) {
            try {
                return connect(endpoint, remote, port);
            } catch (BindException e) {
                // taken, still in TIME_WAIT towards this peer, or not ours to bind: try the next one
                if (port == localPorts.get(localPorts.size() - 1) && !ephemeralFallback) {
                    throw new BindException("no usable local port among " + localPorts.get(0) + "-" + port
                            + " (" + e.getMessage() + ")");
                }
            }
        }
        return connect(endpoint, remote, 0);
    }

    private static TcpConnection connect(Endpoint endpoint, InetSocketAddress remote, int localPort)
            throws IOException {
        SocketChannel channel = SocketChannel.open();
        Selector selector = null;
        try {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (localPort != 0) {
                channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                channel.bind(new InetSocketAddress(localPort));
            }
            selector = Selector.open();
            TcpConnection connection = new TcpConnection(endpoint, channel, selector);
            if (!channel.connect(remote)) {
                connection.await(SelectionKey.OP_CONNECT, endpoint.connectTimeout(), "connecting to");
                channel.finishConnect();
            }
            return connection;
        } catch (IOException | RuntimeException e) {
            channel.close();
            if (selector != null) {
                selector.close();
            }
            if (localPort != 0 && !(e instanceof BindException)
                    && String.valueOf(e.getMessage()).contains("assign requested address")) {
                throw new BindException(e.getMessage()); // this port's last connection to the peer still lingers
            }
            throw e;
        }
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    /** The local port this connection was made from. */
    public int localPort() throws IOException {
        return ((InetSocketAddress) channel.getLocalAddress()).getPort();
    }

    /** Writes all of {@code bytes}, failing when the peer takes nothing for the I/O timeout. */
    public void write(byte[] bytes, int offset, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
        while (buffer.hasRemaining()) {
            if (channel.write(buffer) == 0) {
                await(SelectionKey.OP_WRITE, endpoint.ioTimeout(), "sending to");
            }
        }
    }

    public void write(byte[] bytes) throws IOException {
        write(bytes, 0, bytes.length);
    }

    /**
     * Reads what is there, waiting up to {@code timeout} for something to arrive.
     *
     * @return the bytes read, or -1 when the peer closed the connection
     * @throws TimedOutException when nothing arrived in time
     */
    public int read(byte[] bytes, int offset, int length, Duration timeout) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            int n = channel.read(buffer);
            if (n != 0) {
                return n;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TimedOutException("waiting for an answer from " + endpoint + " timed out after "
                        + Math.max(1, timeout.toSeconds()) + " s");
            }
            await(SelectionKey.OP_READ, Duration.ofNanos(left), "waiting for an answer from");
        }
    }

    /** Reads one byte within the I/O timeout; -1 when the peer closed the connection. */
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1, endpoint.ioTimeout());
        return n < 0 ? -1 : one[0] & 0xff;
    }

    /** Tells the peer that nothing more will be sent (a TCP FIN), keeping the reading side open. */
    public void shutdownOutput() throws IOException {
        channel.shutdownOutput();
    }

    /**
     * Waits for the peer to close the connection, discarding what it sends meanwhile.
     *
     * @return whether it closed within {@code timeout}
     */
    public boolean awaitClose(Duration timeout) throws IOException {
        byte[] discard = new byte[4096];
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (read(discard, 0, discard.length, Duration.ofNanos(Math.max(1, deadline - System.nanoTime()))) >= 0) {
                // the back channel of a raw printer carries nothing we act on
            }
            return true;
        } catch (TimedOutException e) {
            return false;
        }
    }

    private void await(int operation, Duration timeout, String doing) throws IOException {
        key.interestOps(operation);
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new TimedOutException(doing + " " + endpoint + " timed out after "
                            + Math.max(1, timeout.toSeconds()) + " s");
                }
                int ready = selector.select(Math.max(1, left / 1_000_000));
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedIOException("interrupted while " + doing + " " + endpoint);
                }
                if (ready > 0) {
                    selector.selectedKeys().clear();
                    return;
                }
            }
        } finally {
            if (key.isValid()) {
                key.interestOps(0);
            }
        }
    }

    /**
     * Marks the exchange as done, so that {@link #close()} lets the peer have everything still in flight. Call it
     * last on the path where the job went out whole.
     */
    public void finished() {
        finished = true;
    }

    /**
     * Closes the connection. Unless {@link #finished()} was called, the close is abortive (a reset, SO_LINGER 0):
     * a job that failed, was cancelled or was interrupted must not reach the printer whole from the kernel's send
     * buffer after the fact, or the printer prints it and the retry prints it again.
     */
    @Override
    public void close() throws IOException {
        try {
            selector.close();
        } finally {
            try {
                if (!finished && channel.isOpen()) {
                    channel.setOption(StandardSocketOptions.SO_LINGER, 0);
                }
            } catch (IOException e) {
                // already broken: closing is all that is left
            } finally {
                channel.close();
            }
        }
    }

    /**
     * A connect, write or read that did not finish in time. Deliberately not a
     * {@link java.net.SocketTimeoutException}: that is an {@link InterruptedIOException}, which
     * {@link org.printhub.device.Interrupts} would take for a cancel.
     */
    public static final class TimedOutException extends IOException {
        private static final long serialVersionUID = 1L;

        public TimedOutException(String message) {
            super(message);
        }
    }
}
