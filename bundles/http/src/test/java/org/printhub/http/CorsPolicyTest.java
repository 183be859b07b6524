package org.printhub.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class CorsPolicyTest {
    private final CorsPolicy listed = CorsPolicy.builder().allowOrigins("https://app.example.com", " ")
            .allowMethods("GET", "POST", "PUT").allowHeaders("Authorization", "X-Api-Key")
            .exposeHeaders("Location").maxAge(Duration.ofHours(1)).build();

    private static FakeHttp.Request preflight(String origin, String method, String headers) {
        FakeHttp.Request r = new FakeHttp.Request().header("Origin", origin)
                .header("Access-Control-Request-Method", method);
        r.method = "OPTIONS";
        if (headers != null) {
            r.header("Access-Control-Request-Headers", headers);
        }
        return r;
    }

    @Test
    void answersAnAllowedPreflight() {
        FakeHttp.Response resp = new FakeHttp.Response();
        assertTrue(listed.handlePreflight(preflight("https://APP.example.com", "PUT", "x-api-key, content-type").proxy(),
                resp.proxy()));
        assertEquals(204, resp.status);
        assertEquals("https://APP.example.com", resp.header("Access-Control-Allow-Origin"));
        assertEquals("GET, POST, PUT", resp.header("Access-Control-Allow-Methods"));
        assertEquals("x-api-key, content-type", resp.header("Access-Control-Allow-Headers"));
        assertEquals("3600", resp.header("Access-Control-Max-Age"));
        assertNull(resp.header("Access-Control-Allow-Credentials"));
        assertTrue(resp.header("Vary").contains("Origin"));
    }

    @Test
    void refusesAPreflightFromAnotherOriginOrForAnotherMethodOrHeader() {
        for (FakeHttp.Request r : new FakeHttp.Request[] { preflight("https://evil.example.com", "GET", null),
                preflight("https://app.example.com", "DELETE", null),
                preflight("https://app.example.com", "POST", "X-Other") }) {
            FakeHttp.Response resp = new FakeHttp.Response();
            assertTrue(listed.handlePreflight(r.proxy(), resp.proxy()));
            assertEquals(403, resp.status);
            assertNull(resp.header("Access-Control-Allow-Origin"));
        }
    }

    @Test
    void otherRequestsAreNotPreflights() {
        FakeHttp.Request plainOptions = new FakeHttp.Request().header("Origin", "https://app.example.com");
        plainOptions.method = "OPTIONS";
        FakeHttp.Request get = preflight("https://app.example.com", "GET", null);
        get.method = "GET";
        FakeHttp.Response resp = new FakeHttp.Response();
        assertFalse(listed.handlePreflight(plainOptions.proxy(), resp.proxy()));
        assertFalse(listed.handlePreflight(get.proxy(), resp.proxy()));
        assertTrue(resp.headers.isEmpty());
    }

    @Test
    void anyOriginWithoutCredentialsIsAStar() {
        CorsPolicy any = CorsPolicy.builder().allowOrigins("*").allowHeaders("*").build();
        FakeHttp.Response resp = new FakeHttp.Response();
        assertTrue(any.handlePreflight(preflight("http://x.test", "POST", "X-Whatever").proxy(), resp.proxy()));
        assertEquals(204, resp.status);
        assertEquals("*", resp.header("Access-Control-Allow-Origin"));
        assertEquals("X-Whatever", resp.header("Access-Control-Allow-Headers"));
    }

    @Test
    void anyOriginWithCredentialsEchoesTheOrigin() {
        CorsPolicy any = CorsPolicy.builder().allowOrigins("*").allowCredentials(true).build();
        FakeHttp.Response resp = new FakeHttp.Response();
        any.applyHeaders(new FakeHttp.Request().header("Origin", "http://x.test").proxy(), resp.proxy());
        assertEquals("http://x.test", resp.header("Access-Control-Allow-Origin"));
        assertEquals("true", resp.header("Access-Control-Allow-Credentials"));
        assertEquals("Origin", resp.header("Vary"));
    }

    @Test
    void appliesHeadersOnlyForAllowedOrigins() {
        FakeHttp.Response ok = new FakeHttp.Response();
        listed.applyHeaders(new FakeHttp.Request().header("Origin", "https://app.example.com/").proxy(), ok.proxy());
        assertEquals("https://app.example.com/", ok.header("Access-Control-Allow-Origin"));
        assertEquals("Location", ok.header("Access-Control-Expose-Headers"));
        FakeHttp.Response no = new FakeHttp.Response();
        listed.applyHeaders(new FakeHttp.Request().header("Origin", "https://evil.example.com").proxy(), no.proxy());
        listed.applyHeaders(new FakeHttp.Request().proxy(), no.proxy());
        assertTrue(no.headers.isEmpty());
        FakeHttp.Response none = new FakeHttp.Response();
        CorsPolicy.none().applyHeaders(new FakeHttp.Request().header("Origin", "https://app.example.com").proxy(),
                none.proxy());
        assertTrue(none.headers.isEmpty());
    }
}
