package org.printhub.shell.internal;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.apache.felix.gogo.runtime.CommandNotFoundException;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

// gogo.shell's telnet server has no authentication, so it is only ever bound to a loopback address.
// gogo.shell holds one telnet server, so one started elsewhere (e.g. by gosh.args) is left alone.
final class Telnetd {
    private static final Logger LOG = LoggerFactory.getLogger(Telnetd.class);

    private final CommandProcessor processor;
    private final String host;
    private final int port;
    private final long retryMillis;
    private boolean running;

    // retryMillis: the processor learns of the telnetd command from the same service event that announces
    // it to the caller, in no defined order, so it may not know it yet.
    Telnetd(CommandProcessor processor, String host, int port, long retryMillis) {
        this.processor = processor;
        this.host = host;
        this.port = port;
        this.retryMillis = retryMillis;
    }

    String startCommand() {
        return "gogo:telnetd -i " + host + " -p " + port + " start";
    }

    void start() throws InterruptedException {
        long deadline = System.nanoTime() + retryMillis * 1_000_000;
        while (true) {
            synchronized (this) {
                if (running) {
                    return;
                }
                try {
                    String said = run(startCommand());
                    running = true;
                    LOG.info("Telnet console started: {} (no authentication: loopback only)",
                            said.isBlank() ? host + ":" + port : said.trim());
                    return;
                } catch (CommandNotFoundException e) {
                    if (System.nanoTime() > deadline) {
                        LOG.error("Telnet console not started: the gogo:telnetd command (gogo.shell) is not available");
                        return;
                    }
                } catch (IllegalStateException e) {
                    LOG.warn("Telnet console not started by Printhub: {}. It was started elsewhere (gosh.args?), "
                            + "so its address and lifetime are not Printhub's.", e.getMessage());
                    return;
                } catch (Exception e) {
                    LOG.error("Telnet console not started on {}:{}: {}", host, port, e.toString());
                    return;
                }
            }
            Thread.sleep(100);
        }
    }

    // Sessions already open stay open until their clients leave: telnetd only closes its listening socket.
    synchronized void stop() {
        stop(null);
    }

    // command: gogo.shell's telnetd object, called directly when the processor has already dropped the command
    // (gogo.shell is stopping), because stopping gogo.shell does not close the listening socket.
    synchronized void stop(Object command) {
        if (!running) {
            return;
        }
        running = false;
        try {
            try {
                run("gogo:telnetd stop");
            } catch (CommandNotFoundException e) {
                if (command == null) {
                    throw e;
                }
                command.getClass().getMethod("telnetd", String[].class).invoke(command, (Object) new String[] { "stop" });
            }
            LOG.info("Telnet console on {}:{} stopped", host, port);
        } catch (Exception e) {
            LOG.warn("Could not stop the telnet console on {}:{}: {}", host, port, e.toString());
        }
    }

    synchronized boolean running() {
        return running;
    }

    private String run(String command) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CommandSession session = processor.createSession(InputStream.nullInputStream(), out, out)) {
            session.execute(command);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
