package org.printhub.it;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import org.ops4j.pax.exam.Option;

/**
 * The Printhub runtime for Pax Exam: exactly the bundles packed in the built printhub.jar (one list, the
 * resolved bndrun), minus the console, with the launcher's properties and a fresh data and deploy directory.
 */
final class PrinthubOptions {
    private PrinthubOptions() {
    }

    static Path printhubJar() {
        return Paths.get(System.getProperty("printhub.jar", "../launcher/target/printhub.jar")).toAbsolutePath();
    }

    static Path workDirectory(String name) {
        try {
            Path base = Paths.get(System.getProperty("printhub.it.work", "target/it-work")).toAbsolutePath();
            return Files.createDirectories(base).resolve(name + "-" + System.nanoTime());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Extracts the bundles of printhub.jar once per directory and returns their paths. */
    static List<Path> runtimeBundles(Path into) throws IOException {
        List<Path> bundles = new ArrayList<>();
        Files.createDirectories(into);
        try (JarFile jar = new JarFile(printhubJar().toFile())) {
            for (JarEntry e : java.util.Collections.list(jar.entries())) {
                String n = e.getName();
                if (!n.startsWith("jar/") || !n.endsWith(".jar") || n.contains("org.apache.felix.framework")
                        || n.contains("gogo.shell")) {
                    continue;
                }
                Path target = into.resolve(n.substring(4));
                try (InputStream in = jar.getInputStream(e)) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
                bundles.add(target);
            }
        }
        if (bundles.size() < 10) {
            throw new IllegalStateException("printhub.jar at " + printhubJar() + " holds only " + bundles);
        }
        return bundles;
    }

    /** @param work a fresh directory holding data/, deploy/ and the extracted bundles */
    static Option runtime(Path work) {
        try {
            List<Option> options = new ArrayList<>();
            for (Path b : runtimeBundles(work.resolve("bundles"))) {
                String n = b.getFileName().toString();
                boolean early = n.contains("slf4j") || n.contains("asm") || n.contains("spifly");
                options.add(bundle(b.toUri().toString()).startLevel(early ? 2 : 5).start());
            }
            Path deploy = Files.createDirectories(work.resolve("deploy"));
            options.add(frameworkProperty("printhub.data").value(work.resolve("data").toString()));
            options.add(frameworkProperty("printhub.http.port").value("0"));
            for (String surface : PrinthubProcess.SURFACES) {
                options.add(frameworkProperty("printhub." + surface + ".port").value("0"));
            }
            options.add(frameworkProperty("printhub.shell.port").value("0"));
            options.add(frameworkProperty("printhub.defaults").value("false"));
            options.add(frameworkProperty("org.apache.felix.http.enable").value("false"));
            options.add(frameworkProperty("felix.fileinstall.dir").value(deploy.toString()));
            options.add(frameworkProperty("felix.fileinstall.poll").value("200"));
            options.add(frameworkProperty("felix.fileinstall.noInitialDelay").value("true"));
            options.add(frameworkProperty("felix.fileinstall.filter").value(".*\\.(jar|cfg|config)"));
            options.add(systemProperty("org.slf4j.simpleLogger.defaultLogLevel").value("info"));
            options.add(systemProperty("printhub.it.deploy").value(deploy.toString()));
            options.add(junitBundles());
            return composite(options.toArray(new Option[0]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
