package org.printhub.bench.jetty;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * What any HTTP service on this machine can do at best, for the benchmarks' comparisons: {@code PUT} streams the
 * body into a new file, forces it and its directory entry to disk and answers 200 (a durable upload with nothing
 * else to it); {@code GET} answers a small JSON object. Usage: {@code BareJetty <port, 0 for any> <directory>};
 * prints {@code listening on <port>}.
 */
public final class BareJetty {
    private BareJetty() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Path dir = Files.createDirectories(Path.of(args[1]));
        AtomicLong names = new AtomicLong();
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                if ("PUT".equals(request.getMethod()) || "POST".equals(request.getMethod())) {
                    Path file = dir.resolve("put-" + names.incrementAndGet());
                    long size = 0;
                    try (InputStream in = Content.Source.asInputStream(request);
                            FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW,
                                    StandardOpenOption.WRITE)) {
                        byte[] buffer = new byte[64 * 1024];
                        for (int n; (n = in.read(buffer)) >= 0;) {
                            ByteBuffer b = ByteBuffer.wrap(buffer, 0, n);
                            while (b.hasRemaining()) {
                                out.write(b);
                            }
                            size += n;
                        }
                        out.force(true);
                    }
                    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                        d.force(true);
                    }
                    response.setStatus(200);
                    Content.Sink.write(response, true, Long.toString(size), callback);
                } else {
                    response.getHeaders().put("Content-Type", "application/json");
                    Content.Sink.write(response, true, "{\"state\":\"ok\"}", callback);
                }
                return true;
            }
        });
        server.start();
        System.out.println("listening on " + connector.getLocalPort());
        server.join();
    }

}
