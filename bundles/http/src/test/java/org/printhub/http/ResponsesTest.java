package org.printhub.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;

import org.junit.jupiter.api.Test;
import org.printhub.job.IllegalJobStateException;
import org.printhub.job.JobOperation;
import org.printhub.job.JobState;
import org.printhub.job.JobStorageException;

class ResponsesTest {

    @Test
    void textReplacesWhatWasBufferedAndForbidsCaching() throws IOException {
        FakeHttp.Response resp = new FakeHttp.Response();
        resp.body.write("partial".getBytes());
        Responses.text(resp.proxy(), 404, "Error: no such job");
        assertEquals(404, resp.status);
        assertEquals(Responses.TEXT, resp.contentType);
        assertEquals("no-store", resp.header("Cache-Control"));
        assertEquals("Error: no such job", resp.text());
        assertEquals(18, resp.contentLength);
    }

    @Test
    void writeUsesTheGivenContentTypeAndUtf8() throws IOException {
        FakeHttp.Response resp = new FakeHttp.Response();
        Responses.write(resp.proxy(), 200, "application/json", "\"\u00e9\"");
        assertEquals("application/json", resp.contentType);
        assertEquals(4, resp.contentLength);
        assertEquals("\"\u00e9\"", resp.text());
    }

    @Test
    void emptyAndCommitted() throws IOException {
        FakeHttp.Response resp = new FakeHttp.Response();
        Responses.empty(resp.proxy(), 204);
        assertEquals(204, resp.status);
        assertEquals(0, resp.contentLength);
        assertThrows(IllegalStateException.class, () -> Responses.text(resp.proxy(), 500, "late"));
    }

    @Test
    void clientMessagesNeverRevealInternals() {
        assertEquals("the request body exceeds 10 bytes", Responses.clientMessage(new RequestTooLargeException(10)));
        assertEquals("cannot cancel job 7: it is completed", Responses.clientMessage(
                new IllegalJobStateException(7, JobState.COMPLETED, JobOperation.CANCEL)));
        assertEquals("bad value", Responses.clientMessage(new IllegalArgumentException("bad value\n\tat x.y(Z.java:1)")));
        assertEquals("internal server error",
                Responses.clientMessage(new JobStorageException("jdbc:h2:/secret/path failed", null)));
        assertEquals("internal server error", Responses.clientMessage(new NullPointerException("x.y is null")));
        assertEquals("internal server error", Responses.clientMessage(new IOException("/var/data/keys.json")));
        assertEquals("internal server error", Responses.clientMessage(new IllegalArgumentException()));
    }

    @Test
    void contentEncodings() {
        assertEquals(Compression.NONE, Compression.fromContentEncoding(null).orElseThrow());
        assertEquals(Compression.NONE, Compression.fromContentEncoding(" identity ").orElseThrow());
        assertEquals(Compression.GZIP, Compression.fromContentEncoding("x-gzip").orElseThrow());
        assertEquals(Compression.ZLIB, Compression.fromContentEncoding("Deflate").orElseThrow());
        assertEquals(true, Compression.fromContentEncoding("br").isEmpty());
    }
}
