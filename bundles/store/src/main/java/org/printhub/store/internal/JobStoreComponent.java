package org.printhub.store.internal;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jdbc.DataSourceFactory;
import org.osgi.service.metatype.annotations.Designate;
import org.printhub.job.store.JobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the {@link JdbcJobStore} on a thread of its own and registers it as the {@link JobStore} once it is open.
 * Opening a database (and sweeping the spool) takes the better part of a second; done in activation, it would hold
 * up every bundle that starts after this one, Jetty and the surfaces included.
 */
@Component(immediate = true, configurationPid = JdbcJobStore.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = Config.class)
public final class JobStoreComponent {
    private static final Logger LOG = LoggerFactory.getLogger(JobStoreComponent.class);

    private final Thread opener;
    private JdbcJobStore store;
    private ServiceRegistration<JobStore> registration;
    private boolean closed;

    @Activate
    public JobStoreComponent(Config config, BundleContext context,
            @Reference(name = "DataSourceFactory", target = JdbcJobStore.H2_FACTORY) DataSourceFactory factory) {
        opener = new Thread(null, () -> open(config, context, factory), "printhub-store-open", 0, false);
        opener.setDaemon(true);
        opener.start();
    }

    private void open(Config config, BundleContext context, DataSourceFactory factory) {
        JdbcJobStore opened;
        try {
            opened = new JdbcJobStore(config, context, factory);
        } catch (RuntimeException e) {
            LOG.error("The job store did not open; no job can be accepted until it does: {}", e.getMessage(), e);
            return;
        }
        synchronized (this) {
            if (closed) {
                opened.close();
                return;
            }
            store = opened;
            try {
                registration = context.registerService(JobStore.class, opened, null);
            } catch (IllegalStateException e) {
                // the bundle stopped while the store was opening
                store = null;
                opened.close();
            }
        }
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        synchronized (this) {
            closed = true;
        }
        // an open in progress finishes (it cannot be cut short safely) and then closes what it opened
        opener.join();
        synchronized (this) {
            if (registration != null) {
                try {
                    registration.unregister();
                } catch (IllegalStateException e) {
                    // already gone with the bundle
                }
                registration = null;
            }
            if (store != null) {
                store.close();
                store = null;
            }
        }
    }
}
