package org.printhub.shell.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.annotations.RequireGogo;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.util.tracker.ServiceTracker;
import org.osgi.util.tracker.ServiceTrackerCustomizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

@Component(service = {}, immediate = true)
@RequireGogo
public final class TelnetConsole {
    static final String PORT_PROPERTY = "printhub.shell.port";
    static final int DEFAULT_PORT = 2019;
    static final String HOST = "127.0.0.1";
    static final String TELNETD = "(&(osgi.command.scope=gogo)(osgi.command.function=telnetd))";

    private static final Logger LOG = LoggerFactory.getLogger(TelnetConsole.class);

    private final Telnetd telnetd;
    private final ExecutorService worker;
    private final ServiceTracker<Object, Object> tracker;

    @Activate
    public TelnetConsole(BundleContext context, @Reference CommandProcessor processor) throws InvalidSyntaxException {
        int port = port(context.getProperty(PORT_PROPERTY));
        if (port == 0) {
            LOG.info("Telnet console off ({}=0)", PORT_PROPERTY);
            telnetd = null;
            worker = null;
            tracker = null;
            return;
        }
        telnetd = new Telnetd(processor, HOST, port, 5000);
        worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "printhub telnet console"));
        tracker = new ServiceTracker<>(context, context.createFilter(TELNETD),
                new ServiceTrackerCustomizer<Object, Object>() {
                    @Override
                    public Object addingService(ServiceReference<Object> reference) {
                        Object command = context.getService(reference);
                        try {
                            worker.execute(() -> {
                                try {
                                    telnetd.start();
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                            });
                        } catch (RejectedExecutionException e) {
                            // deactivating: nothing to start
                        }
                        return command == null ? reference : command;
                    }

                    @Override
                    public void modifiedService(ServiceReference<Object> reference, Object command) {
                    }

                    @Override
                    public void removedService(ServiceReference<Object> reference, Object command) {
                        // gogo.shell going away does not close its server socket, so close it while the command
                        // object is still valid.
                        telnetd.stop(command);
                        context.ungetService(reference);
                    }
                });
        tracker.open();
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        if (tracker == null) {
            return;
        }
        worker.shutdownNow();
        worker.awaitTermination(5, TimeUnit.SECONDS);
        tracker.close();
        telnetd.stop();
    }

    static int port(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_PORT;
        }
        try {
            int port = Integer.parseInt(value.trim());
            if (port <= 65535) {
                return Math.max(port, 0);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        LOG.warn("Ignoring {}={}: not a port number (0 turns the console off); using {}", PORT_PROPERTY, value,
                DEFAULT_PORT);
        return DEFAULT_PORT;
    }
}
