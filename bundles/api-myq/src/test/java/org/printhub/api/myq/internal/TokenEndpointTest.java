package org.printhub.api.myq.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.printhub.api.myq.internal.Accounts.IssuedApplication;
import org.printhub.http.Limits;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The token endpoint and the resources' token checks over real HTTP on loopback (Jetty), with real accounts and
 * tokens on disk. The job service is not needed for what is tested here, so none is given: the job endpoints,
 * which need the core, are tested end to end in integration-tests (MyqIT).
 */
@Timeout(60)
class TokenEndpointTest {
    @TempDir
    Path dir;
    Server server;
    URI base;
    Accounts accounts;
    Tokens tokens;
    PullQueues queues;
    IssuedApplication app;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() throws Exception {
        TestConfig config = new TestConfig();
        config.maxFailedLogins = 3;
        accounts = new Accounts(dir.resolve("accounts.json"), new Secrets(new SecureRandom()), Clock.systemUTC());
        tokens = new Tokens(dir.resolve("tokens.log"), new Secrets(new SecureRandom()), Clock.systemUTC(),
                Duration.ofSeconds(1800), Duration.ofDays(30));
        queues = new PullQueues(null, null, config.pullQueues(), Duration.ofHours(1), Clock.systemUTC());
        accounts.addUser("alice", Set.of("jobs", "offline.access"), "CARD-7", "1234", "correct horse");
        app = accounts.addApplication("kiosk", Set.of("jobs", "print", "offline.access"));
        MyqServlet servlet = MyqSurface.servlet(config, null, null, Limits.of(1 << 20, 4096, 1 << 20, 100, 1 << 20),
                accounts, tokens, queues, Clock.systemUTC());
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.addServlet(new ServletHolder(servlet), "/*");
        server.setHandler(context);
        server.start();
        base = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/");
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
        queues.deactivate();
        tokens.close();
    }

    private HttpResponse<String> post(String contentType, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve("api/auth/token"))
                .POST(BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(20));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), BodyHandlers.ofString());
    }

    private HttpResponse<String> json(String body) throws Exception {
        return post("application/json", body);
    }

    private String clientFields() {
        return "\"client_id\":\"" + app.application().clientId() + "\",\"client_secret\":\"" + app.clientSecret()
                + "\"";
    }

    private static JsonObject body(HttpResponse<String> r, int status) {
        assertEquals(status, r.statusCode(), r.body());
        assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(""));
        return JsonParser.parseString(r.body()).getAsJsonObject();
    }

    private static void assertError(HttpResponse<String> r, int status, String error) {
        JsonObject o = body(r, status);
        assertEquals(error, o.get("error").getAsString(), r.body());
        assertFalse(o.get("error_description").getAsString().isBlank());
    }

    @Test
    void jsonLoginInfoGivesATokenThatTheResourcesAccept() throws Exception {
        JsonObject t = body(json("{\"grant_type\":\"login_info\",\"scope\":\"jobs offline.access\"," + clientFields()
                + ",\"login_info\":{\"type\":4,\"card\":\"CARD-7\",\"pin\":\"1234\"}}"), 200);
        assertEquals("Bearer", t.get("token_type").getAsString());
        assertEquals(1800, t.get("expires_in").getAsLong());
        assertEquals("jobs offline.access", t.get("scope").getAsString());
        assertTrue(t.has("refresh_token"));
        assertEquals("alice", tokens.authenticate(t.get("access_token").getAsString()).orElseThrow().user());
    }

    @Test
    void formBodiesAndHttpBasicClientAuthentication() throws Exception {
        String basic = "Basic " + Base64.getEncoder().encodeToString((app.application().clientId() + ":"
                + app.clientSecret()).getBytes(StandardCharsets.UTF_8));
        String form = "grant_type=password&scope=jobs&username=alice&password="
                + URLEncoder.encode("correct horse", StandardCharsets.UTF_8);
        JsonObject t = body(post("application/x-www-form-urlencoded", form, "Authorization", basic), 200);
        assertEquals("jobs", t.get("scope").getAsString());
        assertFalse(t.has("refresh_token"));
        String bracketed = "grant_type=login_info&login_info%5Btype%5D=1&login_info%5Bcard%5D=CARD-7";
        assertEquals(200, post("application/x-www-form-urlencoded", bracketed, "Authorization", basic).statusCode());
        HttpResponse<String> wrong = post("application/x-www-form-urlencoded", form, "Authorization",
                "Basic " + Base64.getEncoder().encodeToString((app.application().clientId() + ":nope")
                        .getBytes(StandardCharsets.UTF_8)));
        assertError(wrong, 401, "invalid_client");
        assertTrue(wrong.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"));
    }

    @Test
    void oauthErrorsForEachKindOfBadRequest() throws Exception {
        assertError(json("{\"grant_type\":\"client_credentials\"}"), 401, "invalid_client");
        assertError(json("{\"grant_type\":\"teleport\"," + clientFields() + "}"), 400, "unsupported_grant_type");
        assertError(json("{\"grant_type\":\"authorization_code\",\"code\":\"x\"," + clientFields() + "}"), 400,
                "unsupported_grant_type");
        assertError(json("{" + clientFields() + "}"), 400, "invalid_request");
        assertError(json("[1,2]"), 400, "invalid_request");
        assertError(json("{\"grant_type\":"), 400, "invalid_request");
        assertError(post("text/plain", "grant_type=client_credentials"), 400, "invalid_request");
        assertError(json("{\"grant_type\":\"password\"," + clientFields() + "}"), 400, "invalid_request");
        assertError(json("{\"grant_type\":\"login_info\"," + clientFields() + ",\"login_info\":\"x\"}"), 400,
                "invalid_request");
        assertError(json("{\"grant_type\":\"client_credentials\",\"scope\":\"jobs gold\"," + clientFields() + "}"),
                400, "invalid_scope");
        assertError(json("{\"grant_type\":\"refresh_token\",\"refresh_token\":\"forged\"," + clientFields() + "}"),
                400, "invalid_grant");
        assertError(json("{\"grant_type\":\"client_credentials\",\"x\":\"" + "y".repeat(5000) + "\"}"), 413,
                "request_too_large");
        assertError(http.send(HttpRequest.newBuilder(base.resolve("api/auth/token")).GET().build(),
                BodyHandlers.ofString()), 405, "method_not_allowed");
    }

    @Test
    void repeatedFailuresAreLockedOutEvenForTheRightSecret() throws Exception {
        String wrongPin = "{\"grant_type\":\"login_info\"," + clientFields()
                + ",\"login_info\":{\"type\":2,\"pin\":\"0000\"}}";
        for (int i = 0; i < 3; i++) {
            assertError(json(wrongPin), 400, "invalid_grant");
        }
        HttpResponse<String> locked = json(wrongPin.replace("0000", "1234"));
        assertError(locked, 429, "too_many_attempts");
        long retry = Long.parseLong(locked.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retry > 0 && retry <= 301, "Retry-After " + retry);
    }

    @Test
    void resourcesNeedAValidTokenWithTheRightScope() throws Exception {
        HttpResponse<String> none = http.send(HttpRequest.newBuilder(base.resolve("v3/jobs")).build(),
                BodyHandlers.ofString());
        assertError(none, 401, "invalid_token");
        assertTrue(none.headers().firstValue("WWW-Authenticate").orElse("").contains("invalid_token"));
        String appToken = tokens.issue(null, app.application().clientId(), Set.of("print"), null).accessToken();
        assertError(http.send(HttpRequest.newBuilder(base.resolve("api/v3/jobs"))
                .header("Authorization", "Bearer " + appToken).build(), BodyHandlers.ofString()), 403,
                "insufficient_scope");
        String appJobs = tokens.issue(null, app.application().clientId(), Set.of("jobs"), null).accessToken();
        assertError(http.send(HttpRequest.newBuilder(base.resolve("v3/jobs/1/state"))
                .header("Authentication", "Bearer " + appJobs).build(), BodyHandlers.ofString()), 403, "forbidden");
        String user = tokens.issue("alice", app.application().clientId(), Set.of("jobs"), null).accessToken();
        assertError(http.send(HttpRequest.newBuilder(base.resolve("v3/jobs/abc"))
                .header("Authorization", "Bearer " + user).build(), BodyHandlers.ofString()), 400, "invalid_request");
        assertError(http.send(HttpRequest.newBuilder(base.resolve("v4/jobs"))
                .header("Authorization", "Bearer " + user).build(), BodyHandlers.ofString()), 404, "not_found");
        accounts.removeUser("alice");
        assertError(http.send(HttpRequest.newBuilder(base.resolve("v3/jobs/abc"))
                .header("Authorization", "Bearer " + user).build(), BodyHandlers.ofString()), 401, "invalid_token");
    }
}
