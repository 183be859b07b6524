package org.printhub.http;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Hand-written stand-ins for the servlet request and response: only what the http helpers call. */
public final class FakeHttp {
    private FakeHttp() {
    }

    public static final class Request {
        public String method = "GET";
        public final Map<String, String> headers = new LinkedHashMap<>();
        public String query;
        public String characterEncoding;
        public long contentLength = -1;
        public InputStream body = InputStream.nullInputStream();

        public Request header(String name, String value) {
            headers.put(name.toLowerCase(Locale.ROOT), value);
            return this;
        }

        public Request body(String text) {
            byte[] b = text.getBytes(StandardCharsets.UTF_8);
            body = new ByteArrayInputStream(b);
            contentLength = b.length;
            return this;
        }

        public HttpServletRequest proxy() {
            return (HttpServletRequest) Proxy.newProxyInstance(FakeHttp.class.getClassLoader(),
                    new Class<?>[] { HttpServletRequest.class }, (p, m, args) -> {
                        switch (m.getName()) {
                            case "getMethod":
                                return method;
                            case "getHeader":
                                return headers.get(((String) args[0]).toLowerCase(Locale.ROOT));
                            case "getQueryString":
                                return query;
                            case "getCharacterEncoding":
                                return characterEncoding;
                            case "getContentLengthLong":
                                return contentLength;
                            case "getContentLength":
                                return (int) contentLength;
                            case "getInputStream":
                                return servletInput(body);
                            case "toString":
                                return "fake request";
                            default:
                                throw new UnsupportedOperationException("fake request: " + m.getName());
                        }
                    });
        }
    }

    public static final class Response {
        public int status = 200;
        public final Map<String, List<String>> headers = new LinkedHashMap<>();
        public String contentType;
        public long contentLength = -1;
        public final ByteArrayOutputStream body = new ByteArrayOutputStream();
        public boolean committed;

        public String header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null ? null : String.join(", ", v);
        }

        public String text() {
            return body.toString(StandardCharsets.UTF_8);
        }

        public HttpServletResponse proxy() {
            return (HttpServletResponse) Proxy.newProxyInstance(FakeHttp.class.getClassLoader(),
                    new Class<?>[] { HttpServletResponse.class }, (p, m, args) -> {
                        switch (m.getName()) {
                            case "setStatus":
                                status = (Integer) args[0];
                                return null;
                            case "getStatus":
                                return status;
                            case "setHeader":
                                headers.put(((String) args[0]).toLowerCase(Locale.ROOT),
                                        new ArrayList<>(List.of((String) args[1])));
                                return null;
                            case "addHeader":
                                headers.computeIfAbsent(((String) args[0]).toLowerCase(Locale.ROOT),
                                        k -> new ArrayList<>()).add((String) args[1]);
                                return null;
                            case "getHeader":
                                return header((String) args[0]);
                            case "setContentType":
                                contentType = (String) args[0];
                                return null;
                            case "setContentLength":
                                contentLength = (Integer) args[0];
                                return null;
                            case "setContentLengthLong":
                                contentLength = (Long) args[0];
                                return null;
                            case "resetBuffer":
                                if (committed) {
                                    throw new IllegalStateException("committed");
                                }
                                body.reset();
                                return null;
                            case "flushBuffer":
                                committed = true;
                                return null;
                            case "isCommitted":
                                return committed;
                            case "getOutputStream":
                                return servletOutput(body);
                            case "toString":
                                return "fake response";
                            default:
                                throw new UnsupportedOperationException("fake response: " + m.getName());
                        }
                    });
        }
    }

    public static ServletInputStream servletInput(InputStream in) {
        return new ServletInputStream() {
            private boolean finished;

            @Override
            public int read() throws IOException {
                int b = in.read();
                finished = b < 0;
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = in.read(b, off, len);
                finished = n < 0;
                return n;
            }

            @Override
            public boolean isFinished() {
                return finished;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener readListener) {
                throw new UnsupportedOperationException();
            }
        };
    }

    static ServletOutputStream servletOutput(ByteArrayOutputStream out) {
        return new ServletOutputStream() {
            @Override
            public void write(int b) {
                out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                out.write(b, off, len);
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener writeListener) {
                throw new UnsupportedOperationException();
            }
        };
    }
}
