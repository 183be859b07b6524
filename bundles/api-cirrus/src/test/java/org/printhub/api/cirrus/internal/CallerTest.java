package org.printhub.api.cirrus.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class CallerTest {

    @Test
    void aCompanyKeyActsForItsCompanyOnly() {
        Caller c = Caller.companyKey("cirrus acme", "acme");
        assertEquals("acme", c.company(null));
        assertEquals("acme", c.company(" acme "));
        assertEquals(403, assertThrows(CirrusError.class, () -> c.company("other")).status());
        assertTrue(c.mayChangeDirectory());
    }

    @Test
    void anAdministratorNamesTheCompany() {
        Caller c = Caller.admin("admin");
        assertEquals("other", c.company("other"));
        CirrusError e = assertThrows(CirrusError.class, () -> c.company(" "));
        assertEquals(400, e.status());
        assertEquals("compid is required", e.getMessage());
    }

    @Test
    void aLocationLoginReadsAndSubmitsOnly() {
        Caller c = Caller.locationUser("acme", "HQ");
        assertEquals("HQ@acme", c.user());
        assertEquals(Optional.of("HQ"), c.location());
        assertFalse(c.mayChangeDirectory());
        assertEquals(403, assertThrows(CirrusError.class, () -> c.company("other")).status());
    }
}
