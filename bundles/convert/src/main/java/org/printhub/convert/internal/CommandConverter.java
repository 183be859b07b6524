package org.printhub.convert.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.printhub.device.DocumentConverter;
import org.printhub.job.JobTicket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A converter that pipes the document through a configured program: the document goes to its standard input
 * from a thread of its own while the caller reads the program's standard output, so nothing is held whole. The
 * program's exit status and the last line it wrote to standard error decide, at close, whether it worked.
 */
@Component(service = DocumentConverter.class, configurationPid = CommandConverter.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = ConverterConfig.class, factory = true)
public final class CommandConverter implements DocumentConverter {
    static final String FACTORY_PID = "org.printhub.convert.command";
    private static final Logger LOG = LoggerFactory.getLogger(CommandConverter.class);
    private static final int STDERR_KEPT = 4096;

    private final List<String> command;
    private final long timeoutMillis;
    private final String description;

    @Activate
    public CommandConverter(ConverterConfig config) {
        this.command = split(config.command());
        if (config.timeoutSeconds() < 1) {
            throw new IllegalArgumentException("timeoutSeconds must be at least 1");
        }
        this.timeoutMillis = TimeUnit.SECONDS.toMillis(config.timeoutSeconds());
        this.description = config.converter_from() + " to " + config.converter_to() + " by " + command.get(0);
        LOG.info("converter {}", description);
    }

    static List<String> split(String command) {
        List<String> args = command == null ? List.of()
                : Arrays.stream(command.trim().split("\\s+")).filter(a -> !a.isEmpty()).toList();
        if (args.isEmpty()) {
            throw new IllegalArgumentException("a converter needs a command");
        }
        return args;
    }

    @Override
    public InputStream convert(InputStream in, String name, JobTicket ticket) throws IOException {
        Process process;
        try {
            process = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new IOException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        }
        return new Conversion(process, in, name);
    }

    /** The program's output, with its input fed, its errors kept, and its time bounded. */
    private final class Conversion extends FilterInputStream {
        private final Process process;
        private final Thread feeder;
        private final Thread errors;
        private final StringBuilder stderr = new StringBuilder();
        private final AtomicReference<IOException> feedFailure = new AtomicReference<>();
        private final AtomicBoolean timedOut = new AtomicBoolean();
        private final Thread watchdog;
        private boolean closed;
        private boolean checked;

        Conversion(Process process, InputStream document, String name) {
            super(process.getInputStream());
            this.process = process;
            this.feeder = thread("printhub-convert-feed", () -> feed(document));
            this.errors = thread("printhub-convert-errors", this::keepErrors);
            this.watchdog = thread("printhub-convert-watchdog", () -> {
                try {
                    if (!process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
                        timedOut.set(true);
                        LOG.warn("converting '{}' ({}) took longer than {} s; stopped", name, description,
                                timeoutMillis / 1000);
                        kill();
                    }
                } catch (InterruptedException e) {
                    // closed before the program ended: close() kills it
                }
            });
        }

        private Thread thread(String threadName, Runnable body) {
            Thread t = new Thread(null, body, threadName, 0, false);
            t.setDaemon(true);
            t.start();
            return t;
        }

        private void feed(InputStream document) {
            byte[] buffer = new byte[64 * 1024];
            try (OutputStream stdin = process.getOutputStream()) {
                while (true) {
                    int n;
                    try {
                        n = document.read(buffer);
                    } catch (IOException e) {
                        // the document broke off: whatever the program made of a part of it must not print
                        feedFailure.set(e);
                        kill();
                        return;
                    }
                    if (n < 0) {
                        return;
                    }
                    stdin.write(buffer, 0, n);
                }
            } catch (IOException e) {
                // the program stopped reading: it failed, or needed no more; its exit status tells which
            }
        }

        private void keepErrors() {
            byte[] buffer = new byte[1024];
            try (InputStream err = process.getErrorStream()) {
                for (int n; (n = err.read(buffer)) >= 0;) {
                    synchronized (stderr) {
                        stderr.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                        if (stderr.length() > STDERR_KEPT) {
                            stderr.delete(0, stderr.length() - STDERR_KEPT);
                        }
                    }
                }
            } catch (IOException e) {
                // the program is gone
            }
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b < 0) {
                checkEnded();
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n < 0) {
                checkEnded();
            }
            return n;
        }

        /** At the end of the output: did the program succeed? Reported once. */
        private void checkEnded() throws IOException {
            if (checked) {
                return;
            }
            checked = true;
            try {
                if (!process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
                    timedOut.set(true);
                    kill();
                }
                feeder.join(timeoutMillis);
                errors.join(1_000);
            } catch (InterruptedException e) {
                kill();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while converting", e);
            }
            if (timedOut.get()) {
                throw new IOException(command.get(0) + " took longer than " + timeoutMillis / 1000 + " s");
            }
            if (feedFailure.get() != null) {
                throw feedFailure.get();
            }
            int status = process.exitValue();
            if (status != 0) {
                throw new IOException(command.get(0) + " exited with status " + status + lastError());
            }
        }

        private String lastError() {
            synchronized (stderr) {
                List<String> lines = new ArrayList<>(stderr.toString().lines().map(String::strip)
                        .filter(l -> !l.isEmpty()).toList());
                return lines.isEmpty() ? "" : ": " + lines.get(lines.size() - 1);
            }
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            boolean finished = !process.isAlive();
            try {
                if (!finished) {
                    // closed before the end of the output: the caller gave up, so the program goes
                    kill();
                }
                super.close();
            } finally {
                watchdog.interrupt();
            }
            if (finished) {
                checkEnded();
            }
        }

        private void kill() {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
