package org.printhub.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

import org.junit.jupiter.api.Test;

class BoundedInputStreamTest {

    @Test
    void passesExactlyTheLimit() throws IOException {
        byte[] data = Streams.random(1000, 1);
        try (BoundedInputStream in = new BoundedInputStream(new ByteArrayInputStream(data), 1000)) {
            assertArrayEquals(data, in.readAllBytes());
            assertEquals(1000, in.count());
        }
    }

    @Test
    void oneByteOverTheLimitFails() {
        byte[] data = new byte[1001];
        RequestTooLargeException e = assertThrows(RequestTooLargeException.class,
                () -> new BoundedInputStream(new ByteArrayInputStream(data), 1000).readAllBytes());
        assertEquals(1000, e.limit());
        assertEquals(413, e.status());
        assertEquals("the request body exceeds 1000 bytes", e.getMessage());
    }

    @Test
    void singleByteReadsAndSkipCountToo() throws IOException {
        BoundedInputStream in = new BoundedInputStream(new ByteArrayInputStream(new byte[10]), 5);
        assertEquals(3, in.skip(3));
        assertEquals(0, in.read());
        assertEquals(0, in.read());
        assertThrows(RequestTooLargeException.class, in::read);
    }

    @Test
    void zeroLimitAllowsOnlyAnEmptyBody() throws IOException {
        assertEquals(-1, new BoundedInputStream(InputStream.nullInputStream(), 0).read());
        assertThrows(RequestTooLargeException.class,
                () -> new BoundedInputStream(new ByteArrayInputStream(new byte[1]), 0).read());
    }

    @Test
    void declaredContentLengthOverTheLimitFailsBeforeReading() {
        FakeHttp.Request r = new FakeHttp.Request();
        r.contentLength = 5000;
        r.body = new InputStream() {
            @Override
            public int read() {
                throw new AssertionError("must not read");
            }
        };
        assertThrows(RequestTooLargeException.class, () -> BoundedInputStream.of(r.proxy(), 4999));
    }

    @Test
    void undeclaredLengthIsCountedWhileReading() throws IOException {
        FakeHttp.Request r = new FakeHttp.Request();
        r.body = new ByteArrayInputStream(new byte[5000]);
        InputStream in = BoundedInputStream.of(r.proxy(), 4999);
        assertThrows(RequestTooLargeException.class, in::readAllBytes);
        r.body = new ByteArrayInputStream(new byte[5000]);
        assertEquals(5000, Limits.of(5000, 1, 1, 1, 0).body(r.proxy()).readAllBytes().length);
    }
}
