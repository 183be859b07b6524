package org.printhub.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonSyntaxException;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The shared JSON setup: Gson without HTML escaping (so {@code <}, {@code >}, {@code &} and {@code '} stay
 * as they are, as the original products send them), {@link Instant} as ISO-8601 text, and nulls either
 * omitted or written, as a surface's product does. Immutable and thread-safe: a surface keeps one.
 */
public final class Json {
    /** {@code application/json; charset=UTF-8}. */
    public static final String CONTENT_TYPE = "application/json; charset=UTF-8";

    private final Gson gson;

    private Json(Gson gson) {
        this.gson = gson;
    }

    /** Omits null fields. */
    public static Json create() {
        return new Json(builder().create());
    }

    /** Writes null fields as {@code null}, as e.g. OctoPrint does. */
    public static Json serializingNulls() {
        return new Json(builder().serializeNulls().create());
    }

    /** Wraps a Gson a surface built from {@link #builder()} with adapters of its own. */
    public static Json of(Gson gson) {
        return new Json(Objects.requireNonNull(gson, "gson"));
    }

    /** A builder with the shared settings, for a surface that needs more adapters. */
    public static GsonBuilder builder() {
        return new GsonBuilder().disableHtmlEscaping().registerTypeAdapter(Instant.class,
                new InstantAdapter().nullSafe());
    }

    public Gson gson() {
        return gson;
    }

    public String toJson(Object value) {
        return gson.toJson(value);
    }

    /**
     * Reads the request body as JSON into {@code type}. The charset is the request's, UTF-8 when none is
     * given.
     *
     * @throws RequestTooLargeException if the body has more than {@code maxBytes}
     * @throws BadRequestException if the body is empty or not JSON of that shape; the message is one short
     *         line naming where the JSON went wrong
     * @throws IOException if reading the body fails
     */
    public <T> T readJson(HttpServletRequest request, Class<T> type, long maxBytes) throws IOException {
        String encoding = request.getCharacterEncoding();
        Charset charset;
        try {
            charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("unsupported charset: " + encoding);
        }
        return readJson(BoundedInputStream.of(request, maxBytes), charset, type);
    }

    /** As {@link #readJson(HttpServletRequest, Class, long)}, from a stream the caller has bounded. */
    public <T> T readJson(InputStream in, Charset charset, Class<T> type) throws IOException {
        FailureTrackingStream source = new FailureTrackingStream(in);
        T value;
        try (Reader reader = new InputStreamReader(source, charset)) {
            value = gson.fromJson(reader, type);
        } catch (RuntimeException e) {
            // Gson wraps a failing stream as it wraps bad JSON; the stream's own error is the one to report.
            if (source.failure != null) {
                throw source.failure;
            }
            throw new BadRequestException("malformed JSON: " + describe(e), e);
        }
        if (value == null) {
            throw new BadRequestException("a JSON body is required");
        }
        return value;
    }

    /**
     * Writes {@code value} as the whole response: {@link #CONTENT_TYPE}, {@code Cache-Control: no-store}.
     */
    public void write(HttpServletResponse response, int status, Object value) throws IOException {
        Responses.write(response, status, CONTENT_TYPE, gson.toJson(value));
    }

    /** Gson's message reduced to one line without exception class names or troubleshooting links. */
    static String describe(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t && t.getMessage() != null
                && t.getMessage().startsWith(t.getCause().getClass().getName())) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? "cannot parse" : t.getMessage();
        int nl = m.indexOf('\n');
        if (nl >= 0) {
            m = m.substring(0, nl);
        }
        m = m.replaceFirst("^([a-zA-Z_$][\\w$]*\\.)+[\\w$]*(Exception|Error): ", "").trim();
        return m.length() > 200 ? m.substring(0, 200) + "..." : m;
    }

    private static final class FailureTrackingStream extends FilterInputStream {
        IOException failure;

        FailureTrackingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }
    }

    private static final class InstantAdapter extends TypeAdapter<Instant> {
        @Override
        public void write(JsonWriter out, Instant value) throws IOException {
            out.value(value.toString());
        }

        @Override
        public Instant read(JsonReader in) throws IOException {
            String text = in.nextString();
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                throw new JsonSyntaxException("not an ISO-8601 instant: " + text + " at " + in.getPath());
            }
        }
    }
}
