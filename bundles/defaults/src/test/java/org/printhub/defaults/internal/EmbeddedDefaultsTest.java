package org.printhub.defaults.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedDefaultsTest {
    @TempDir
    Path deploy;

    @Test
    void printersInDeployReplaceTheDefaults() throws Exception {
        assertFalse(EmbeddedDefaults.hasDeviceFiles(deploy));
        assertFalse(EmbeddedDefaults.hasDeviceFiles(deploy.resolve("missing")));
        assertFalse(EmbeddedDefaults.hasDeviceFiles(null));
        Files.writeString(deploy.resolve("org.printhub.job.cfg"), "maxDocumentBytes=1\n");
        Files.writeString(deploy.resolve("org.printhub.device.file-notes.txt"), "not a configuration\n");
        assertFalse(EmbeddedDefaults.hasDeviceFiles(deploy));
        Files.writeString(deploy.resolve("org.printhub.device.virtual-crashtest.cfg"), "pagesPerMinute=6000\n");
        assertTrue(EmbeddedDefaults.hasDeviceFiles(deploy));
    }
}
