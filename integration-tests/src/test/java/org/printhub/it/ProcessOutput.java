package org.printhub.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** A child process's output collected line by line, as it comes, by a daemon thread. */
final class ProcessOutput {
    private ProcessOutput() {
    }

    static void follow(InputStream output, List<String> lines, String threadName) {
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null;) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("[reader] " + e);
            }
        }, threadName);
        reader.setDaemon(true);
        reader.start();
    }
}
