package org.printhub.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Proxy;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import org.apache.felix.gogo.runtime.CommandNotFoundException;
import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.threadio.ThreadIOImpl;
import org.apache.felix.gogo.shell.Telnet;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.junit.jupiter.api.Test;

class TelnetdTest {

    /** A processor that records commands and answers each with the next scripted outcome. */
    private static final class ScriptedProcessor {
        final List<String> commands = new ArrayList<>();
        final List<RuntimeException> failures = new ArrayList<>();

        CommandProcessor proxy() {
            return (CommandProcessor) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] { CommandProcessor.class }, (p, m, a) -> {
                        if (!m.getName().equals("createSession")) {
                            throw new UnsupportedOperationException(m.getName());
                        }
                        return session();
                    });
        }

        private CommandSession session() {
            return (CommandSession) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] { CommandSession.class }, (p, m, a) -> {
                        switch (m.getName()) {
                            case "execute":
                                commands.add(a[0].toString());
                                if (!failures.isEmpty()) {
                                    throw failures.remove(0);
                                }
                                return null;
                            case "close":
                                return null;
                            default:
                                throw new UnsupportedOperationException(m.getName());
                        }
                    });
        }
    }

    @Test
    void startsOnLoopbackOnlyAndStopsWhatItStarted() throws Exception {
        ScriptedProcessor p = new ScriptedProcessor();
        Telnetd telnetd = new Telnetd(p.proxy(), "127.0.0.1", 2019, 0);
        telnetd.start();
        telnetd.start();
        telnetd.stop();
        telnetd.stop();
        assertEquals(List.of("gogo:telnetd -i 127.0.0.1 -p 2019 start", "gogo:telnetd stop"), p.commands);
    }

    @Test
    void waitsForTheCommandToBeKnown() throws Exception {
        ScriptedProcessor p = new ScriptedProcessor();
        p.failures.add(new CommandNotFoundException("gogo:telnetd"));
        p.failures.add(new CommandNotFoundException("gogo:telnetd"));
        Telnetd telnetd = new Telnetd(p.proxy(), "127.0.0.1", 2019, 5000);
        telnetd.start();
        assertEquals(3, p.commands.size());
        assertTrue(telnetd.running());
    }

    @Test
    void leavesATelnetdStartedElsewhereAlone() throws Exception {
        ScriptedProcessor p = new ScriptedProcessor();
        p.failures.add(new IllegalStateException("telnetd is already running on port 2019"));
        Telnetd telnetd = new Telnetd(p.proxy(), "127.0.0.1", 2019, 0);
        telnetd.start();
        telnetd.stop();
        assertFalse(telnetd.running());
        assertEquals(1, p.commands.size(), "no stop for a server it did not start");
    }

    /** Stands in for gogo.shell's Telnet: the method Gogo would call. */
    public static final class TelnetCommand {
        final List<String> calls = new ArrayList<>();

        public void telnetd(String[] argv) {
            calls.add(String.join(" ", argv));
        }
    }

    @Test
    void stopsThroughTheCommandObjectWhenTheProcessorNoLongerKnowsIt() throws Exception {
        ScriptedProcessor p = new ScriptedProcessor();
        Telnetd telnetd = new Telnetd(p.proxy(), "127.0.0.1", 2019, 0);
        telnetd.start();
        p.failures.add(new CommandNotFoundException("gogo:telnetd"));
        TelnetCommand command = new TelnetCommand();
        telnetd.stop(command);
        assertEquals(List.of("stop"), command.calls);
        assertFalse(telnetd.running());
    }

    @Test
    void portProperty() {
        assertEquals(2019, TelnetConsole.port(null));
        assertEquals(2019, TelnetConsole.port(" "));
        assertEquals(2222, TelnetConsole.port(" 2222 "));
        assertEquals(0, TelnetConsole.port("0"));
        assertEquals(0, TelnetConsole.port("-1"));
        assertEquals(2019, TelnetConsole.port("telnet"));
        assertEquals(2019, TelnetConsole.port("70000"));
    }

    /** The real gogo.shell 1.1.4 telnet server: reachable on loopback, refused on the machine's other addresses. */
    @Test
    void theRealServerListensOnLoopbackOnly() throws Exception {
        ThreadIOImpl threadIO = new ThreadIOImpl();
        threadIO.start();
        CommandProcessorImpl processor = new CommandProcessorImpl(threadIO);
        processor.addCommand("gogo", new Telnet(processor), "telnetd");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Telnetd telnetd = new Telnetd(processor, TelnetConsole.HOST, port, 0);
        try {
            telnetd.start();
            assertTrue(telnetd.running());
            assertTrue(connects(InetAddress.getLoopbackAddress(), port));
            Optional<InetAddress> other = nonLoopbackAddress();
            if (other.isPresent()) {
                assertFalse(connects(other.get(), port), "reachable on " + other.get());
            }
            telnetd.stop();
            assertFalse(telnetd.running());
            // Asked rather than probed: on this shared machine another process may take the freed port at once.
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (CommandSession s = processor.createSession(InputStream.nullInputStream(), out, out)) {
                s.execute("gogo:telnetd status");
            }
            assertEquals("telnetd is not running.", out.toString().trim());
        } finally {
            telnetd.stop();
            processor.stop();
            threadIO.stop();
        }
    }

    @Test
    void theRealServerIsClosedEvenAfterTheProcessorDroppedTheCommand() throws Exception {
        ThreadIOImpl threadIO = new ThreadIOImpl();
        threadIO.start();
        CommandProcessorImpl processor = new CommandProcessorImpl(threadIO);
        Telnet telnet = new Telnet(processor);
        processor.addCommand("gogo", telnet, "telnetd");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Telnetd telnetd = new Telnetd(processor, TelnetConsole.HOST, port, 0);
        try {
            telnetd.start();
            assertTrue(telnetd.running());
            processor.removeCommand("gogo", "telnetd", telnet);
            telnetd.stop(telnet);
            processor.addCommand("gogo", telnet, "telnetd");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (CommandSession s = processor.createSession(InputStream.nullInputStream(), out, out)) {
                s.execute("gogo:telnetd status");
            }
            assertEquals("telnetd is not running.", out.toString().trim());
        } finally {
            telnetd.stop();
            processor.stop();
            threadIO.stop();
        }
    }

    private static boolean connects(InetAddress address, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), 2000);
            OutputStream out = s.getOutputStream();
            out.write("exit\r\n".getBytes());
            out.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws IOException {
        for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (nif.isUp() && !nif.isLoopback()) {
                for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                    if (a instanceof Inet4Address) {
                        return Optional.of(a);
                    }
                }
            }
        }
        return Optional.empty();
    }

    @Test
    void aBusyPortIsLoggedNotThrown() throws Exception {
        ThreadIOImpl threadIO = new ThreadIOImpl();
        threadIO.start();
        CommandProcessorImpl processor = new CommandProcessorImpl(threadIO);
        processor.addCommand("gogo", new Telnet(processor), "telnetd");
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Telnetd telnetd = new Telnetd(processor, TelnetConsole.HOST, busy.getLocalPort(), 0);
            telnetd.start();
            assertFalse(telnetd.running());
        } finally {
            processor.stop();
            threadIO.stop();
        }
    }
}
