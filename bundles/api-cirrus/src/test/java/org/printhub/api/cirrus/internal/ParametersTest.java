package org.printhub.api.cirrus.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class ParametersTest {

    @Test
    void decodesTheQueryStringAsCurlDataUrlencodeSendsIt() {
        Parameters p = Parameters.parseQuery("targets=HQ%3Apdf&title=Test%20Title&props=copies%3D2%0Aduplex%3D2&cmp=1");
        assertEquals("HQ:pdf", p.require("targets"));
        assertEquals("Test Title", p.require("title"));
        assertEquals("copies=2\nduplex=2", p.raw("props").orElseThrow());
        assertEquals("1", p.require("cmp"));
    }

    @Test
    void namesMatchWithoutCaseAndTheFirstValueWins() {
        Parameters p = Parameters.parseQuery("CompID=acme&compid=other&Name=+Office+");
        assertEquals(Optional.of("acme"), p.get("compid"));
        assertEquals(Optional.of("Office"), p.get("name"));
        assertEquals(Optional.of(" Office "), p.raw("NAME"));
    }

    @Test
    void blankIsMissing() {
        Parameters p = Parameters.parseQuery("targets=&title");
        assertEquals(Optional.empty(), p.get("targets"));
        assertEquals(Optional.empty(), p.get("title"));
        assertTrue(p.has("title"));
        CirrusError e = assertThrows(CirrusError.class, () -> p.require("targets"));
        assertEquals(400, e.status());
        assertEquals("missing parameter: targets", e.getMessage());
    }

    @Test
    void refusesMalformedEscapes() {
        assertEquals(400, assertThrows(CirrusError.class, () -> Parameters.parseQuery("file=%zz")).status());
    }

    @Test
    void flagsAndIntegersAreChecked() {
        Parameters p = Parameters.parseQuery("IsInactive=1&MFA=yes&Type=7");
        assertEquals(Optional.of(true), p.flag("IsInactive"));
        assertTrue(assertThrows(CirrusError.class, () -> p.flag("MFA")).isFailure());
        assertTrue(assertThrows(CirrusError.class, () -> p.integer("Type", 0, 4)).isFailure());
    }
}
