package org.printhub.api.myq.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.printhub.api.myq.internal.FailureLimiterTest.MutableClock;

class TokensTest {
    private static final String CLIENT = "7B4CD3C2-F57E-4D52-A90A-23EED001CE81";

    @TempDir
    Path dir;
    Path file;
    MutableClock clock = new MutableClock();
    Tokens tokens;

    @BeforeEach
    void setUp() throws Exception {
        file = dir.resolve("myq/tokens.log");
        tokens = open();
    }

    @AfterEach
    void tearDown() throws Exception {
        tokens.close();
    }

    private Tokens open() throws Exception {
        return new Tokens(file, new Secrets(new SecureRandom()), clock, Duration.ofSeconds(1800),
                Duration.ofDays(30));
    }

    private Tokens restart() throws Exception {
        tokens.close();
        tokens = open();
        return tokens;
    }

    @Test
    void anAccessTokenWorksFor1800SecondsAndCarriesItsGrant() {
        Tokens.Issued issued = tokens.issue("alice", CLIENT, Set.of("jobs"), null);
        assertEquals(1800, issued.expiresIn());
        assertNull(issued.refreshToken(), "no offline.access, no refresh token");
        Tokens.Grant g = tokens.authenticate(issued.accessToken()).orElseThrow();
        assertEquals("alice", g.user());
        assertEquals(Set.of("jobs"), g.scopes());
        clock.advance(Duration.ofSeconds(1799));
        assertTrue(tokens.authenticate(issued.accessToken()).isPresent());
        clock.advance(Duration.ofSeconds(1));
        assertFalse(tokens.authenticate(issued.accessToken()).isPresent(), "expired");
        assertFalse(tokens.authenticate(issued.accessToken() + "x").isPresent());
        assertFalse(tokens.authenticate(null).isPresent());
    }

    @Test
    void tokensAreUnguessableAndOnlyTheirHashesAreWritten() throws Exception {
        Tokens.Issued a = tokens.issue("alice", CLIENT, Set.of("jobs", "offline.access"), null);
        Tokens.Issued b = tokens.issue("alice", CLIENT, Set.of("jobs", "offline.access"), null);
        assertNotEquals(a.accessToken(), b.accessToken());
        assertTrue(a.accessToken().matches("[A-Za-z0-9_-]{43}"), a.accessToken());
        String journal = Files.readString(file, StandardCharsets.UTF_8);
        for (String t : new String[] { a.accessToken(), a.refreshToken(), b.accessToken(), b.refreshToken() }) {
            assertFalse(journal.contains(t));
            assertTrue(journal.contains(Tokens.hash(t)));
        }
    }

    @Test
    void tokensSurviveARestart() throws Exception {
        Tokens.Issued a = tokens.issue("alice", CLIENT, Set.of("jobs", "offline.access"), null);
        restart();
        assertEquals("alice", tokens.authenticate(a.accessToken()).orElseThrow().user());
        assertEquals("alice", tokens.redeem(a.refreshToken(), CLIENT, Set.of()).user());
    }

    @Test
    void aRefreshTokenIsSpentOnUseAndItsReuseRevokesTheFamily() throws Exception {
        Tokens.Issued first = tokens.issue("alice", CLIENT, Set.of("jobs", "offline.access"), null);
        Tokens.Grant g = tokens.redeem(first.refreshToken(), CLIENT, Set.of());
        Tokens.Issued second = tokens.issue(g.user(), g.clientId(), g.scopes(), g.family());
        assertTrue(tokens.authenticate(second.accessToken()).isPresent());
        restart();
        Tokens.RefreshRefusedException e = assertThrows(Tokens.RefreshRefusedException.class,
                () -> tokens.redeem(first.refreshToken(), CLIENT, Set.of()));
        assertTrue(e.getMessage().contains("already used"), e.getMessage());
        assertFalse(tokens.authenticate(second.accessToken()).isPresent(), "the family is revoked");
        assertFalse(tokens.authenticate(first.accessToken()).isPresent());
        assertThrows(Tokens.RefreshRefusedException.class, () -> tokens.redeem(second.refreshToken(), CLIENT, Set.of()));
    }

    @Test
    void aRefreshTokenWorksOnlyForItsClientUnexpiredAndWithinItsScopes() throws Exception {
        Tokens.Issued t = tokens.issue("alice", CLIENT, Set.of("jobs", "offline.access"), null);
        assertThrows(Tokens.RefreshRefusedException.class, () -> tokens.redeem(t.refreshToken(), "OTHER", Set.of()));
        Tokens.RefreshRefusedException scope = assertThrows(Tokens.RefreshRefusedException.class,
                () -> tokens.redeem(t.refreshToken(), CLIENT, Set.of("jobs", "print")));
        assertTrue(scope.scope);
        assertEquals("alice", tokens.redeem(t.refreshToken(), CLIENT, Set.of("jobs")).user(), "still unspent");
        Tokens.Issued late = tokens.issue("alice", CLIENT, Set.of("jobs", "offline.access"), null);
        clock.advance(Duration.ofDays(30));
        assertThrows(Tokens.RefreshRefusedException.class, () -> tokens.redeem(late.refreshToken(), CLIENT, Set.of()));
    }

    @Test
    void revocationIsImmediateAndDurable() throws Exception {
        Tokens.Issued alice = tokens.issue("alice", CLIENT, Set.of("jobs", "offline.access"), null);
        Tokens.Issued bob = tokens.issue("bob", CLIENT, Set.of("jobs"), null);
        Tokens.Issued app = tokens.issue(null, "OTHER", Set.of("print"), null);
        assertEquals(2, tokens.revokeUser("alice"));
        assertFalse(tokens.authenticate(alice.accessToken()).isPresent());
        restart();
        assertFalse(tokens.authenticate(alice.accessToken()).isPresent());
        assertThrows(Tokens.RefreshRefusedException.class, () -> tokens.redeem(alice.refreshToken(), CLIENT, Set.of()));
        assertTrue(tokens.authenticate(bob.accessToken()).isPresent());
        assertTrue(tokens.revoke(bob.accessToken()));
        assertEquals(1, tokens.revokeClient("other"));
        restart();
        assertFalse(tokens.authenticate(bob.accessToken()).isPresent());
        assertFalse(tokens.authenticate(app.accessToken()).isPresent());
    }

    @Test
    void aTornLastLineFromACrashIsSkipped() throws Exception {
        Tokens.Issued a = tokens.issue("alice", CLIENT, Set.of("jobs"), null);
        tokens.close();
        Files.writeString(file, "{\"a\":\"add\",\"h\":\"tor", StandardOpenOption.APPEND);
        tokens = open();
        assertTrue(tokens.authenticate(a.accessToken()).isPresent());
    }

    @Test
    void theJournalIsCompactedAtStartToLiveTokens() throws Exception {
        for (int i = 0; i < 50; i++) {
            tokens.issue("alice", CLIENT, Set.of("jobs"), null);
        }
        Tokens.Issued keep = tokens.issue("bob", CLIENT, Set.of("jobs"), null);
        tokens.revokeUser("alice");
        restart();
        assertEquals(1, Files.readAllLines(file).size());
        assertTrue(tokens.authenticate(keep.accessToken()).isPresent());
        assertEquals(1, tokens.counts()[0]);
    }
}
