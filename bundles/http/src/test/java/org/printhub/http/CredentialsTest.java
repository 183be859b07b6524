package org.printhub.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class CredentialsTest {

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void basicWithUserAndPassword() {
        BasicCredentials c = Credentials.basic(new FakeHttp.Request()
                .header("Authorization", "Basic " + b64("alice:s3cr:et")).proxy()).orElseThrow();
        assertEquals("alice", c.user());
        assertEquals("s3cr:et", c.password());
        assertFalse(c.toString().contains("alice") || c.toString().contains("s3cr"));
    }

    @Test
    void basicToleratesAMissingColonMissingPaddingAndAnyCase() {
        String guid = "{5A0F1A8C-2B0A-4B3E-9F0A-0A1B2C3D4E5F}";
        BasicCredentials c = Credentials.parseBasic("basic " + b64(guid)).orElseThrow();
        assertEquals(guid, c.user());
        assertEquals("", c.password());
        String unpadded = b64("ab:c").replace("=", "");
        assertEquals("ab", Credentials.parseBasic("BASIC  " + unpadded).orElseThrow().user());
        assertEquals("k\u00e9y", Credentials.parseBasic("Basic " + b64("k\u00e9y:")).orElseThrow().user());
    }

    @Test
    void basicRejectsOtherSchemesAndGarbage() {
        assertTrue(Credentials.parseBasic(null).isEmpty());
        assertTrue(Credentials.parseBasic("Bearer abc").isEmpty());
        assertTrue(Credentials.parseBasic("Basic").isEmpty());
        assertTrue(Credentials.parseBasic("Basic    ").isEmpty());
        assertTrue(Credentials.parseBasic("Basicabc").isEmpty());
        assertTrue(Credentials.parseBasic("Basic %%%not-base64%%%").isEmpty());
    }

    @Test
    void bearerToken() {
        assertEquals(Optional.of("tok.en-1"),
                Credentials.bearer(new FakeHttp.Request().header("Authorization", "Bearer  tok.en-1 ").proxy()));
        assertEquals(Optional.of("t"), Credentials.bearer(new FakeHttp.Request().header("Authorization", "bearer t").proxy()));
        assertTrue(Credentials.bearer(new FakeHttp.Request().header("Authorization", "Basic " + b64("a:b")).proxy()).isEmpty());
        assertTrue(Credentials.bearer(new FakeHttp.Request().proxy()).isEmpty());
    }

    @Test
    void namedHeader() {
        FakeHttp.Request r = new FakeHttp.Request().header("X-Api-Key", " K1 ").header("X-Empty", "  ");
        assertEquals(Optional.of("K1"), Credentials.header(r.proxy(), "x-api-key"));
        assertTrue(Credentials.header(r.proxy(), "X-Empty").isEmpty());
        assertTrue(Credentials.header(r.proxy(), "X-Missing").isEmpty());
    }

    @Test
    void queryParameterFromTheQueryStringOnly() {
        FakeHttp.Request r = new FakeHttp.Request();
        r.query = "x=1&api%6Bey=a%2Bb+c&apikey=second&flag";
        // The fake throws on getParameter: reading it could consume a form body.
        assertEquals(Optional.of("a+b c"), Credentials.queryParameter(r.proxy(), "apikey"));
        assertTrue(Credentials.queryParameter(r.proxy(), "flag").isEmpty());
        assertTrue(Credentials.queryParameter(r.proxy(), "none").isEmpty());
        r.query = "apikey=%zz&apikey=ok";
        assertEquals(Optional.of("ok"), Credentials.queryParameter(r.proxy(), "apikey"));
        r.query = null;
        assertTrue(Credentials.queryParameter(r.proxy(), "apikey").isEmpty());
    }
}
