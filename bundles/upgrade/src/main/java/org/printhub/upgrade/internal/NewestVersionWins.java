package org.printhub.upgrade.internal;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleException;
import org.osgi.framework.BundleListener;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A field engineer upgrades a driver by dropping its new jar into {@code deploy/}. FileInstall installs that jar as a
 * bundle of its own next to the old one (it updates in place only a jar it installed from the same file), so both
 * would run and the old one would keep the printers. This component lets the newest version of a symbolic name win
 * whenever a bundle from the watched directory is involved: the older bundles are uninstalled and the framework
 * refreshed. Their devices go away (interrupted jobs return to pending) and the new bundle's devices, with the same
 * ids, take over; no job is lost.
 */
@Component(immediate = true)
public final class NewestVersionWins implements BundleListener {
    private static final Logger LOG = LoggerFactory.getLogger(NewestVersionWins.class);

    private final BundleContext context;
    private final Optional<Path> deploy;
    /** Bundle events arrive on the framework's thread; uninstalling and refreshing from there would deadlock. */
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(null, r, "printhub-upgrade", 0, false);
        t.setDaemon(true);
        return t;
    });

    @Activate
    public NewestVersionWins(BundleContext context) {
        this.context = context;
        String dir = context.getProperty("felix.fileinstall.dir");
        this.deploy = dir == null || dir.isBlank() ? Optional.empty()
                : Optional.of(Paths.get(dir.trim()).toAbsolutePath().normalize());
        context.addBundleListener(this);
        worker.execute(() -> {
            for (Bundle b : context.getBundles()) {
                if (fromDeploy(b)) {
                    settle(b.getSymbolicName());
                }
            }
        });
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        context.removeBundleListener(this);
        worker.shutdownNow();
        worker.awaitTermination(10, TimeUnit.SECONDS);
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        Bundle b = event.getBundle();
        if ((event.getType() == BundleEvent.INSTALLED || event.getType() == BundleEvent.UPDATED
                || event.getType() == BundleEvent.STARTED) && b.getSymbolicName() != null && fromDeploy(b)) {
            String name = b.getSymbolicName();
            worker.execute(() -> settle(name));
        }
    }

    /** Keeps the highest version of {@code symbolicName}; uninstalls the others and refreshes. */
    void settle(String symbolicName) {
        List<Bundle> same = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName()) && b.getState() != Bundle.UNINSTALLED) {
                same.add(b);
            }
        }
        if (same.size() < 2) {
            return;
        }
        same.sort(Comparator.comparing(Bundle::getVersion).thenComparing(Bundle::getBundleId));
        Bundle newest = same.get(same.size() - 1);
        List<Bundle> older = same.subList(0, same.size() - 1);
        List<Bundle> removed = new ArrayList<>();
        for (Bundle old : older) {
            if (old.getVersion().equals(newest.getVersion()) && !fromDeploy(newest)) {
                continue; // the same version twice, neither of it dropped in deploy/: not an upgrade
            }
            try {
                LOG.info("{} {} from {} replaces {} (bundle {}); its printers move to the new version",
                        symbolicName, newest.getVersion(), newest.getLocation(), old.getVersion(), old.getBundleId());
                old.uninstall();
                removed.add(old);
            } catch (BundleException | IllegalStateException e) {
                LOG.warn("could not uninstall {} {} (bundle {}): {}", symbolicName, old.getVersion(),
                        old.getBundleId(), e.toString());
            }
        }
        if (!removed.isEmpty()) {
            context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(removed);
            if (newest.getState() != Bundle.ACTIVE && newest.getState() != Bundle.STARTING) {
                try {
                    newest.start();
                } catch (BundleException | IllegalStateException e) {
                    LOG.warn("could not start {} {}: {}", symbolicName, newest.getVersion(), e.toString());
                }
            }
        }
    }

    private boolean fromDeploy(Bundle b) {
        if (deploy.isEmpty()) {
            return false;
        }
        String location = b.getLocation();
        try {
            Path p = location.startsWith("file:") ? Paths.get(java.net.URI.create(location))
                    : Paths.get(location);
            return p.toAbsolutePath().normalize().startsWith(deploy.get());
        } catch (RuntimeException e) {
            return false;
        }
    }
}
