package org.printhub.api.scriptx.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LicencesTest {
    @TempDir
    Path dir;

    @Test
    void guidsAreReadAsDotNetReadsThem() {
        String canonical = "5091e665-8916-4d21-996e-00a2de5de416";
        assertEquals(Optional.of(canonical), Licence.normalise("{5091E665-8916-4D21-996E-00A2DE5DE416}"));
        assertEquals(Optional.of(canonical), Licence.normalise(" 5091e665-8916-4d21-996e-00a2de5de416 "));
        assertEquals(Optional.of(canonical), Licence.normalise("5091E66589164D21996E00A2DE5DE416"));
        assertEquals(Optional.empty(), Licence.normalise("5091E665-8916-4D21-996E"));
        assertEquals(Optional.empty(), Licence.normalise("{not-a-guid}"));
        assertEquals(Optional.empty(), Licence.normalise(null));
    }

    @Test
    void licencesPersistAndRevokeAtOnce() {
        Path file = dir.resolve("licences.json");
        Licences licences = new Licences(file);
        Licence added = licences.add("{5091E665-8916-4D21-996E-00A2DE5DE416}", "Acme", List.of("app.acme.example"));
        assertEquals(1, added.revision);
        Licence generated = licences.add(null, "Other", List.of());
        assertTrue(Licence.normalise(generated.guid).isPresent());
        assertEquals(2, licences.add("5091e665-8916-4d21-996e-00a2de5de416", "Acme", List.of()).revision);

        Licences reloaded = new Licences(file);
        assertEquals(2, reloaded.list().size());
        assertEquals("Acme", reloaded.find("{5091e665-8916-4d21-996e-00a2de5de416}").get().company);
        assertTrue(reloaded.revoke("5091E665-8916-4D21-996E-00A2DE5DE416").isPresent());
        assertFalse(reloaded.find("5091e665-8916-4d21-996e-00a2de5de416").isPresent());
        assertEquals(1, new Licences(file).list().size());
        assertThrows(IllegalArgumentException.class, () -> reloaded.add("nope", "x", List.of()));
    }

    @Test
    void aDamagedFileIsNotMistakenForNoLicences() throws Exception {
        Path file = Files.writeString(dir.resolve("licences.json"), "[{\"guid\": ");
        assertThrows(IllegalStateException.class, () -> new Licences(file));
    }
}
