package org.printhub.api.myq.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.printhub.api.myq.internal.Accounts.IssuedApplication;
import org.printhub.api.myq.internal.Accounts.User;

class AccountsTest {
    @TempDir
    Path dir;
    Path file;
    Accounts accounts;

    @BeforeEach
    void setUp() throws Exception {
        file = dir.resolve("myq/accounts.json");
        accounts = new Accounts(file, new Secrets(new SecureRandom()), Clock.systemUTC());
        accounts.addUser("alice", Set.of("jobs", "offline.access"), "CARD-0042", "1234", "correct horse");
        accounts.addUser("bob", Set.of(), null, "9876", null);
    }

    private Optional<String> login(int type, String user, String card, String pin, String pwd) {
        return accounts.login(type, user, card, pin, pwd).map(User::name);
    }

    @Test
    void everyLoginInfoTypeFindsTheUserWhenAllItsFactorsMatch() {
        assertEquals(Optional.of("alice"), login(1, null, "CARD-0042", null, null));
        assertEquals(Optional.of("alice"), login(2, null, null, "1234", null));
        assertEquals(Optional.of("bob"), login(2, null, null, "9876", null));
        assertEquals(Optional.of("alice"), login(3, "alice", null, null, "correct horse"));
        assertEquals(Optional.of("alice"), login(4, null, "CARD-0042", "1234", null));
        assertEquals(Optional.of("alice"), login(5, null, "CARD-0042", null, "correct horse"));
    }

    @Test
    void aWrongFactorFindsNobody() {
        assertEquals(Optional.empty(), login(1, null, "CARD-0043", null, null));
        assertEquals(Optional.empty(), login(2, null, null, "1235", null));
        assertEquals(Optional.empty(), login(3, "alice", null, null, "wrong horse"));
        assertEquals(Optional.empty(), login(3, "nobody", null, null, "correct horse"));
        assertEquals(Optional.empty(), login(4, null, "CARD-0042", "9876", null), "bob's PIN with alice's card");
        assertEquals(Optional.empty(), login(5, null, "CARD-0042", null, "wrong horse"));
        assertEquals(Optional.empty(), login(3, "bob", null, null, "anything at all"), "bob has no password");
    }

    @Test
    void missingFieldsAndUnknownTypesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> accounts.login(1, null, null, null, null));
        assertThrows(IllegalArgumentException.class, () -> accounts.login(4, null, "CARD-0042", null, null));
        assertThrows(IllegalArgumentException.class, () -> accounts.login(6, null, "x", "1", "y"));
    }

    @Test
    void onlyHashesAreStoredAndTheyWorkAfterARestart() throws Exception {
        String stored = Files.readString(file, StandardCharsets.UTF_8);
        for (String secret : new String[] { "CARD-0042", "1234", "9876", "correct horse" }) {
            assertFalse(stored.contains(secret), "the file holds " + secret);
        }
        IssuedApplication app = accounts.addApplication("kiosk", Set.of("jobs", "print"));
        assertFalse(Files.readString(file).contains(app.clientSecret()));
        Accounts again = new Accounts(file, new Secrets(new SecureRandom()), Clock.systemUTC());
        assertEquals(Optional.of("alice"), again.login(4, null, "CARD-0042", "1234", null).map(User::name));
        assertTrue(again.authenticateClient(app.application().clientId(), app.clientSecret()).isPresent());
        assertEquals(2, again.users().size());
    }

    @Test
    void applicationsHaveAGuidAnd40HexSecretAndAuthenticateOnlyWithIt() {
        IssuedApplication app = accounts.addApplication("kiosk", Set.of("jobs"));
        String id = app.application().clientId();
        assertTrue(id.matches("[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}"), id);
        assertTrue(app.clientSecret().matches("[0-9a-f]{40}"), app.clientSecret());
        assertTrue(accounts.authenticateClient(id.toLowerCase(), app.clientSecret()).isPresent());
        assertFalse(accounts.authenticateClient(id, app.clientSecret().substring(1) + "0").isPresent());
        assertFalse(accounts.authenticateClient(id, null).isPresent());
        assertFalse(accounts.authenticateClient("7B4CD3C2-F57E-4D52-A90A-23EED001CE81", app.clientSecret()).isPresent());
        assertFalse(app.toString().isEmpty());
        assertFalse(app.application().toString().contains(app.clientSecret()));
    }

    @Test
    void cardsPinsAndNamesAreUniqueAndValuesChecked() {
        assertThrows(IllegalArgumentException.class, () -> accounts.addUser("ALICE", Set.of(), null, "5555", null));
        assertThrows(IllegalArgumentException.class, () -> accounts.addUser("carol", Set.of(), null, "1234", null));
        assertThrows(IllegalArgumentException.class, () -> accounts.addUser("carol", Set.of(), "CARD-0042", null, null));
        assertThrows(IllegalArgumentException.class, () -> accounts.addUser("carol", Set.of(), null, "12", null));
        assertThrows(IllegalArgumentException.class, () -> accounts.addUser("carol", Set.of(), null, null, "short"));
        assertThrows(IllegalArgumentException.class, () -> accounts.addUser("carol", Set.of(), null, null, null));
        assertThrows(IllegalArgumentException.class, () -> accounts.addUser("carol", Set.of("root"), null, "5555", null));
        assertThrows(IllegalArgumentException.class, () -> accounts.addApplication("x", Set.of()));
    }

    @Test
    void usersHaveIdsAndDefaultRights() {
        User bob = accounts.user("bob").orElseThrow();
        assertEquals(2, bob.id());
        assertEquals(Accounts.DEFAULT_USER_SCOPES, bob.scopes());
        assertEquals(Optional.of(bob), accounts.user(2));
        assertEquals(Optional.of(bob), accounts.removeUser("2"));
        assertEquals(Optional.empty(), accounts.login(2, null, null, "9876", null));
        assertEquals(3, accounts.addUser("carol", Set.of(), null, "9876", null).id(), "ids are never reused");
    }

    @Test
    void lookupsSeeEveryChangeAtOnceAndAfterARestart() throws Exception {
        User alice = accounts.user("alice").orElseThrow();
        assertEquals(Optional.of(alice), accounts.user(alice.id()));
        assertEquals(Optional.empty(), accounts.user("Alice"), "names are exact");
        assertEquals(Optional.empty(), accounts.user((String) null));
        IssuedApplication app = accounts.addApplication("kiosk", Set.of("jobs"));
        String id = app.application().clientId();
        assertEquals(Optional.of(app.application()), accounts.application(id));
        assertEquals(Optional.of(app.application()), accounts.application(id.toLowerCase(java.util.Locale.ROOT)),
                "client ids match without regard to case");
        assertEquals(Optional.empty(), accounts.application(null));
        assertTrue(accounts.authenticateClient(" " + id.toLowerCase(java.util.Locale.ROOT) + " ",
                app.clientSecret()).isPresent());

        assertTrue(accounts.removeUser("alice").isPresent());
        assertEquals(Optional.empty(), accounts.user("alice"));
        assertEquals(Optional.empty(), accounts.user(alice.id()));
        assertTrue(accounts.removeApplication(id).isPresent());
        assertEquals(Optional.empty(), accounts.application(id));
        User carol = accounts.addUser("carol", Set.of(), null, "5555", null);
        assertEquals(Optional.of(carol), accounts.user("carol"));

        Accounts reopened = new Accounts(file, new Secrets(new SecureRandom()), Clock.systemUTC());
        assertEquals(Optional.of(carol), reopened.user("carol"));
        assertEquals(Optional.of(carol), reopened.user(carol.id()));
        assertEquals(Optional.empty(), reopened.user("alice"));
        assertEquals(accounts.users(), reopened.users());
    }

    @Test
    void lookupsDuringChangesNeverMissAnAccountThatStays() throws Exception {
        IssuedApplication app = accounts.addApplication("kiosk", Set.of("jobs"));
        long aliceId = accounts.user("alice").orElseThrow().id();
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<String> missed = new AtomicReference<>();
        List<Thread> readers = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            Thread t = new Thread(() -> {
                while (!done.get() && missed.get() == null) {
                    if (accounts.user("alice").isEmpty() || accounts.user(aliceId).isEmpty()
                            || accounts.application(app.application().clientId()).isEmpty()) {
                        missed.set("an account that was never removed was not found");
                    }
                }
            });
            t.start();
            readers.add(t);
        }
        try {
            for (int i = 0; i < 15; i++) {
                accounts.addUser("temp" + i, Set.of(), null, Integer.toString(5000 + i), null);
                IssuedApplication other = accounts.addApplication("other" + i, Set.of("jobs"));
                assertTrue(accounts.user("temp" + i).isPresent());
                assertTrue(accounts.removeUser("temp" + i).isPresent());
                assertTrue(accounts.removeApplication(other.application().clientId()).isPresent());
                assertTrue(accounts.user("temp" + i).isEmpty());
            }
        } finally {
            done.set(true);
            for (Thread t : readers) {
                t.join(10_000);
                assertFalse(t.isAlive(), "a reader did not stop");
            }
        }
        assertEquals(null, missed.get());
    }
}
