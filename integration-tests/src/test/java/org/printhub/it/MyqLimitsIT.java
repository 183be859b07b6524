package org.printhub.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.printhub.it.MyqIT.HTTP;
import static org.printhub.it.MyqIT.LISTENER;
import static org.printhub.it.MyqIT.assertError;
import static org.printhub.it.MyqIT.json;
import static org.printhub.it.MyqIT.send;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.Test;

import com.google.gson.JsonObject;

/**
 * The MyQ surface's time limits, each shortened by configuration: access tokens that expire, held jobs deleted
 * after their retention, failed logins locked out for a window; and tokens and held jobs surviving a restart.
 */
public class MyqLimitsIT {
    private static final String PIN = "4321";
    private static final Pattern SHARED = Pattern.compile("HTTP listener 'printhub' at (http://\\S+/)");

    private static PrinthubProcess start(Path work) throws Exception {
        PrinthubProcess p = PrinthubProcess.start(work, "printhub.defaults=false");
        try {
            p.await("the myq listener", 1, 90_000, LISTENER);
            // paused when first registered, or already paused when it comes back after a restart
            p.await("the paused pull queue", 1, 60_000,
                    l -> l.contains("device follow paused") || l.contains("device follow (myq) added, paused"));
            return p;
        } catch (AssertionError | RuntimeException e) {
            p.close();
            throw e;
        }
    }

    private static URI base(PrinthubProcess p) {
        String last = null;
        for (String l : p.lines()) {
            Matcher m = LISTENER.matcher(l);
            if (m.find()) {
                last = m.group(1);
            }
        }
        return URI.create(last);
    }

    @Test
    public void tokensExpireHeldJobsAreDeletedFailuresAreLockedOutAndStateSurvivesARestart() throws Exception {
        Path work = Files.createDirectories(PrinthubOptions.workDirectory("myq-limits"));
        Path deploy = Files.createDirectories(work.resolve("deploy"));
        Files.writeString(deploy.resolve("org.printhub.api.myq.cfg"), "port=0\naccessTokenSeconds=2\n"
                + "heldRetentionSeconds=4\nretentionCheckSeconds=1\nmaxFailedLogins=3\nfailedLoginWindowSeconds=6\n");
        Files.writeString(deploy.resolve("org.printhub.device.file-office.cfg"), "fileName={id}.bin\n");
        Path doc = Files.write(work.resolve("old.bin"), new byte[] { 1, 2, 3 });
        String[] app;
        String refresh;
        long kept;
        try (PrinthubProcess p = start(work)) {
            URI base = base(p);
            MyqIT.addUser(p, "-p " + PIN + " " + MyqIT.OWNER);
            app = MyqIT.addApp(p, "jobs,offline.access", "kiosk");

            // expiry
            String token = MyqIT.pinToken(base, app, PIN, "jobs");
            assertEquals(200, send(base, "GET", "v3/jobs", token, null).statusCode());
            Await.until("the token to expire", 20_000, () -> {
                try {
                    return send(base, "GET", "v3/jobs", token, null).statusCode() == 401;
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            assertError(send(base, "GET", "v3/jobs", token, null), 401, "invalid_token");

            // retention: a held job left too long is deleted
            long id = MyqIT.submitHeld(p, doc);
            String fresh = MyqIT.pinToken(base, app, PIN, "jobs");
            assertEquals("ready", json(send(base, "GET", "v3/jobs/" + id + "/state", fresh, null), 200)
                    .get("state").getAsString());
            p.await("job " + id + " deleted by retention", 1, 30_000,
                    l -> l.contains("job " + id + " pending-held -> canceled on follow"));
            String later = MyqIT.pinToken(base, app, PIN, "jobs");
            assertEquals("deleted", json(send(base, "GET", "v3/jobs/" + id + "/state", later, null), 200)
                    .get("state").getAsString());
            assertTrue(MyqIT.ids(json(send(base, "GET", "v3/jobs?state=deleted", later, null), 200)).contains(id));

            // failed logins: three wrong PINs, then even the right one waits for the window
            String wrong = "\"login_info\":{\"type\":2,\"pin\":\"0000\"}";
            String body = "{\"grant_type\":\"login_info\",\"scope\":\"jobs\",\"client_id\":\"" + app[0]
                    + "\",\"client_secret\":\"" + app[1] + "\",";
            for (int i = 0; i < 3; i++) {
                assertError(send(base, "POST", "api/auth/token", null, body + wrong + "}"), 400, "invalid_grant");
            }
            String right = body + "\"login_info\":{\"type\":2,\"pin\":\"" + PIN + "\"}}";
            HttpResponse<String> locked = send(base, "POST", "api/auth/token", null, right);
            assertError(locked, 429, "too_many_attempts");
            assertTrue(Integer.parseInt(locked.headers().firstValue("Retry-After").orElse("0")) >= 1);
            Await.until("the lockout to pass", 30_000, () -> {
                try {
                    return send(base, "POST", "api/auth/token", null, right).statusCode() == 200;
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });

            JsonObject t = MyqIT.token(base, app, "login_info", "jobs offline.access",
                    "\"login_info\":{\"type\":2,\"pin\":\"" + PIN + "\"}");
            refresh = t.get("refresh_token").getAsString();
            kept = MyqIT.submitHeld(p, doc);
        }

        // a restart keeps users, applications, refresh tokens (as hashes) and held jobs; this time the surface
        // shares the Printhub port (-1; the command line's printhub.myq.port wins over the configured port)
        try (PrinthubProcess p = PrinthubProcess.start(work, "printhub.defaults=false", "printhub.myq.port=-1")) {
            URI base = URI.create(p.await("the shared listener", 1, 90_000, SHARED).get(0).group(1));
            // the whiteboard serves the servlet a moment after the surface registered it
            try {
                Await.until("the token endpoint on the shared port", 30_000, () -> {
                    try {
                        return send(base, "POST", "api/auth/token", null, "{}").statusCode() != 404;
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                });
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + " at " + base + "; output:\n" + String.join("\n", p.lines()), e);
            }
            JsonObject t = json(send(base, "POST", "api/auth/token", null, "{\"grant_type\":\"refresh_token\","
                    + "\"refresh_token\":\"" + refresh + "\",\"client_id\":\"" + app[0] + "\",\"client_secret\":\""
                    + app[1] + "\"}"), 200);
            // (ready, or deleted if the restart took longer than the short retention)
            JsonObject jobs = json(send(base, "GET", "v3/jobs?state=ready,deleted",
                    t.get("access_token").getAsString(), null), 200);
            assertTrue(MyqIT.ids(jobs).contains(kept));
            String journal = Files.readString(work.resolve("data/myq/tokens.log"));
            assertTrue(!journal.contains(refresh) && !journal.contains(t.get("access_token").getAsString()));
            assertTrue(!Files.readString(work.resolve("data/myq/accounts.json")).contains(PIN));
        }
        assertTrue(Pattern.matches("[0-9A-F-]{36}", app[0]));
    }
}
