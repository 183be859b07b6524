package org.printhub.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.osgi.framework.BundleContext;

/**
 * The one rule for where Printhub keeps its data: the framework (or system) property
 * {@value #PROPERTY}, default {@value #DEFAULT}, relative to the working directory.
 */
public final class DataDirectory {
    public static final String PROPERTY = "printhub.data";
    public static final String DEFAULT = "data";

    private DataDirectory() {
    }

    /** The data directory, absolute, created if missing. */
    public static Path of(BundleContext context) {
        String configured = context == null ? null : context.getProperty(PROPERTY);
        return resolve(configured == null ? System.getProperty(PROPERTY) : configured);
    }

    /** A sub-directory of the data directory, created if missing. */
    public static Path of(BundleContext context, String child) {
        return create(of(context).resolve(child));
    }

    static Path resolve(String configured) {
        String dir = configured == null || configured.isBlank() ? DEFAULT : configured.trim();
        return create(Paths.get(dir).toAbsolutePath().normalize());
    }

    private static Path create(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + dir, e);
        }
    }
}
