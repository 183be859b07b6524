package org.printhub.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class JsonTest {
    static final class Body {
        String name;
        int copies;
        Instant at;
        List<String> tags;
    }

    private final Json json = Json.create();

    private static FakeHttp.Request request(String body) {
        return new FakeHttp.Request().body(body);
    }

    @Test
    void readsATypedBody() throws IOException {
        Body b = json.readJson(request("{\"name\":\"a<b>&'c\",\"copies\":2,\"at\":\"2024-05-01T10:15:30Z\"}").proxy(),
                Body.class, 1000);
        assertEquals("a<b>&'c", b.name);
        assertEquals(2, b.copies);
        assertEquals(Instant.parse("2024-05-01T10:15:30Z"), b.at);
    }

    @Test
    void malformedJsonIsABadRequestWithAShortMessage() {
        for (String bad : new String[] { "{\"name\":", "{name:\"x\"", "[1,2]", "{\"copies\":\"many\"}",
                "{\"at\":\"yesterday\"}", "{} {}", "nonsense at all" }) {
            BadRequestException e = assertThrows(BadRequestException.class,
                    () -> json.readJson(request(bad).proxy(), Body.class, 1000), bad);
            String m = e.getMessage();
            assertTrue(m.startsWith("malformed JSON: "), m);
            assertFalse(m.contains("\n") || m.contains("Exception") || m.contains("http"), bad + " -> " + m);
            assertTrue(m.length() < 240, m);
            assertEquals(400, e.status());
        }
    }

    @Test
    void emptyBodyIsABadRequest() {
        BadRequestException e = assertThrows(BadRequestException.class,
                () -> json.readJson(request("").proxy(), Body.class, 1000));
        assertEquals("a JSON body is required", e.getMessage());
    }

    @Test
    void overSizeBodyIsTooLargeWhetherDeclaredOrNot() {
        String big = "{\"name\":\"" + "x".repeat(2000) + "\"}";
        assertThrows(RequestTooLargeException.class, () -> json.readJson(request(big).proxy(), Body.class, 1000));
        FakeHttp.Request undeclared = request(big);
        undeclared.contentLength = -1;
        RequestTooLargeException e = assertThrows(RequestTooLargeException.class,
                () -> json.readJson(undeclared.proxy(), Body.class, 1000));
        assertEquals(1000, e.limit());
    }

    @Test
    void aFailingStreamIsNotReportedAsBadJson() {
        IOException broken = new IOException("connection reset");
        InputStream in = new InputStream() {
            private int n;

            @Override
            public int read() throws IOException {
                if (n++ < 3) {
                    return '{';
                }
                throw broken;
            }
        };
        IOException e = assertThrows(IOException.class,
                () -> json.readJson(in, java.nio.charset.StandardCharsets.UTF_8, Body.class));
        assertSame(broken, e);
    }

    @Test
    void honoursTheRequestCharset() throws IOException {
        FakeHttp.Request r = new FakeHttp.Request();
        r.body = new ByteArrayInputStream("{\"name\":\"caf\u00e9\"}".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        r.characterEncoding = "ISO-8859-1";
        assertEquals("caf\u00e9", json.readJson(r.proxy(), Body.class, 100).name);
        r.characterEncoding = "no-such-charset";
        assertThrows(BadRequestException.class, () -> json.readJson(r.proxy(), Body.class, 100));
    }

    @Test
    void writesWithoutHtmlEscapingAndInstantsAsIso() {
        Body b = new Body();
        b.name = "<a href='x'>&</a>";
        b.at = Instant.parse("2024-05-01T10:15:30.123Z");
        assertEquals("{\"name\":\"<a href='x'>&</a>\",\"copies\":0,\"at\":\"2024-05-01T10:15:30.123Z\"}", json.toJson(b));
    }

    @Test
    void nullsAreOmittedOrWrittenAsTheSurfaceChooses() {
        assertEquals("{\"copies\":0}", Json.create().toJson(new Body()));
        assertEquals("{\"name\":null,\"copies\":0,\"at\":null,\"tags\":null}", Json.serializingNulls().toJson(new Body()));
    }

    @Test
    void writeSetsTypeStatusAndNoStore() throws IOException {
        FakeHttp.Response resp = new FakeHttp.Response();
        json.write(resp.proxy(), 201, List.of("x"));
        assertEquals(201, resp.status);
        assertEquals(Json.CONTENT_TYPE, resp.contentType);
        assertEquals("no-store", resp.header("Cache-Control"));
        assertEquals("[\"x\"]", resp.text());
        assertEquals(5, resp.contentLength);
    }
}
