package org.printhub.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.printhub.http.ApiKey;
import org.printhub.http.IssuedKey;
import org.printhub.job.PrinterStatus;

class DeviceAndKeyCommandsTest {

    @Test
    void devicesAreListedByIdAndPausedOrResumed() {
        Fakes.Printers printers = new Fakes.Printers().with(Fakes.printer("zeta", true, false),
                Fakes.printer("alpha", false, false));
        DeviceCommands commands = new DeviceCommands(printers);
        assertEquals(List.of("alpha", "zeta"), commands.list().stream().map(PrinterStatus::id).toList());
        assertTrue(commands.pause("zeta").paused());
        assertFalse(commands.resume(" zeta ").paused());
        assertEquals("no such device: nope",
                assertThrows(IllegalArgumentException.class, () -> commands.pause("nope")).getMessage());
    }

    @Test
    void keysAreCreatedListedAndRevoked() {
        Fakes.Keys keys = new Fakes.Keys();
        KeyCommands commands = new KeyCommands(keys);
        IssuedKey a = commands.create("slicer", "print, files,");
        assertEquals(Set.of("print", "files"), a.key().scopes());
        IssuedKey b = commands.create("monitor");
        assertEquals(Set.of(), b.key().scopes());
        assertEquals(List.of(a.key(), b.key()), commands.list());
        assertEquals("revoked key k1 'slicer' [files, print]", commands.revoke("k1"));
        assertEquals(List.<ApiKey>of(b.key()), commands.list());
        assertEquals("no such key: k1",
                assertThrows(IllegalArgumentException.class, () -> commands.revoke("k1")).getMessage());
    }
}
