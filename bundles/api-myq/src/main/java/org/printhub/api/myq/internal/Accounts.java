package org.printhub.api.myq.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.printhub.http.AtomicFiles;
import org.printhub.http.Json;
import org.printhub.job.DataDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;

/**
 * MyQ users (name, card, PIN, password, rights) and REST API applications (client id, secret, allowed scopes),
 * kept in {@code <data>/myq/accounts.json}. Only hashes of cards, PINs, passwords and secrets are stored.
 * Changes are written atomically before the method returns.
 * <p>
 * Every MyQ request looks its token's user and application up, so the state is a snapshot that is never changed once
 * published: lookups take no lock, scan nothing and copy nothing (each snapshot indexes its users and applications,
 * and each record's view is made once); a change copies, writes, indexes and then publishes the next snapshot.
 */
@Component(service = Accounts.class)
public final class Accounts {
    static final String FILE = "myq/accounts.json";

    private static final Logger LOG = LoggerFactory.getLogger(Accounts.class);
    private static final Pattern PIN = Pattern.compile("\\d{4,16}");
    private static final int MIN_PASSWORD = 8;
    static final Set<String> DEFAULT_USER_SCOPES = Set.of(Scopes.JOBS, Scopes.PRINT, Scopes.OFFLINE_ACCESS);

    /** A user as others see it: never a secret. */
    record User(long id, String name, Set<String> scopes, boolean hasCard, boolean hasPin, boolean hasPassword,
            Instant created) {
        @Override
        public String toString() {
            List<String> logins = new ArrayList<>();
            if (hasCard) {
                logins.add("card");
            }
            if (hasPin) {
                logins.add("PIN");
            }
            if (hasPassword) {
                logins.add("password");
            }
            return "user " + id + " '" + name + "' scopes [" + Scopes.format(scopes) + "] logins "
                    + String.join("+", logins);
        }
    }

    record Application(String clientId, String name, Set<String> scopes, Instant created) {
        @Override
        public String toString() {
            return "application " + clientId + " '" + name + "' scopes [" + Scopes.format(scopes) + "]";
        }
    }

    /** An application just created, with its secret, which is shown once and never kept. */
    record IssuedApplication(Application application, String clientSecret) {
        @Override
        public String toString() {
            return application + "\nclient_id     " + application.clientId() + "\nclient_secret " + clientSecret
                    + "\n(the secret is shown only this once)";
        }
    }

    private final Path file;
    private final Secrets secrets;
    private final Clock clock;
    private final Gson gson = Json.builder().setPrettyPrinting().create();
    private final byte[] dummySalt;
    private final byte[] dummyPassword;
    private volatile Stored state;

    @Activate
    public Accounts(BundleContext context) throws IOException {
        this(DataDirectory.of(context).resolve(FILE), new Secrets(new SecureRandom()), Clock.systemUTC());
    }

    Accounts(Path file, Secrets secrets, Clock clock) throws IOException {
        this.file = file;
        this.secrets = secrets;
        this.clock = clock;
        this.state = load().indexed();
        this.dummySalt = secrets.randomBytes(16);
        // what an unknown user's login is compared with: only its cost matters, so random bytes do (hashing one
        // here would cost the whole server start a 210,000-round PBKDF2)
        this.dummyPassword = secrets.randomBytes(32);
    }

    // ---- users

    /**
     * @param card, pin, password each may be null; at least one must be given
     * @throws IllegalArgumentException for a bad or taken name, card or PIN, a short password, an unknown scope
     */
    public synchronized User addUser(String name, Set<String> scopes, String card, String pin, String password) {
        String n = checkName(name, "a user name");
        Stored s = state;
        if (s.users.stream().anyMatch(u -> u.name.equalsIgnoreCase(n))) {
            throw new IllegalArgumentException("user '" + n + "' exists");
        }
        if (blank(card) && blank(pin) && blank(password)) {
            throw new IllegalArgumentException("a user needs a card, a PIN or a password to log in with");
        }
        StoredUser u = new StoredUser();
        u.id = s.nextUserId;
        u.name = n;
        u.scopes = new ArrayList<>(Scopes.of(scopes == null || scopes.isEmpty() ? DEFAULT_USER_SCOPES : scopes));
        u.created = clock.instant();
        if (!blank(card)) {
            String c = checkName(card, "a card number");
            u.card = lookupHash(s, c);
            if (s.users.stream().anyMatch(o -> o.card != null && o.card.equals(u.card))) {
                throw new IllegalArgumentException("that card belongs to another user");
            }
        }
        if (!blank(pin)) {
            if (!PIN.matcher(pin).matches()) {
                throw new IllegalArgumentException("a PIN is 4 to 16 digits");
            }
            u.pin = lookupHash(s, pin);
            if (s.users.stream().anyMatch(o -> o.pin != null && o.pin.equals(u.pin))) {
                // MyQ logs users in by PIN alone, so a PIN names one user.
                throw new IllegalArgumentException("that PIN belongs to another user");
            }
        }
        if (!blank(password)) {
            if (password.length() < MIN_PASSWORD) {
                throw new IllegalArgumentException("a password has at least " + MIN_PASSWORD + " characters");
            }
            byte[] salt = secrets.randomBytes(16);
            u.passwordSalt = b64(salt);
            u.passwordHash = b64(Secrets.pbkdf2(password, salt, Secrets.PASSWORD_ROUNDS));
            u.passwordRounds = Secrets.PASSWORD_ROUNDS;
        }
        Stored next = s.copy();
        next.users.add(u);
        next.nextUserId = u.id + 1;
        store(next);
        User user = u.view();
        LOG.info("MyQ: added {}", user);
        return user;
    }

    public List<User> users() {
        return state.users.stream().map(StoredUser::view).toList();
    }

    public Optional<User> user(String name) {
        return Optional.ofNullable(name == null ? null : state.usersByName.get(name)).map(StoredUser::view);
    }

    public Optional<User> user(long id) {
        return Optional.ofNullable(state.usersById.get(id)).map(StoredUser::view);
    }

    /** @param nameOrId a user's name or numeric id */
    public synchronized Optional<User> removeUser(String nameOrId) {
        Stored s = state;
        Optional<StoredUser> u = s.users.stream()
                .filter(x -> x.name.equals(nameOrId) || Long.toString(x.id).equals(nameOrId)).findFirst();
        if (u.isPresent()) {
            Stored next = s.copy();
            next.users.removeIf(x -> x.id == u.get().id);
            store(next);
            LOG.info("MyQ: removed {}", u.get().view());
        }
        return u.map(StoredUser::view);
    }

    /**
     * The user a MyQ {@code login_info} names, when every factor it carries matches that user.
     *
     * @param type 1 card, 2 PIN, 3 user name and password, 4 card and PIN, 5 card and password
     * @throws IllegalArgumentException for an unknown type or a missing field
     */
    public Optional<User> login(int type, String user, String card, String pin, String password) {
        Stored s = state;
        switch (type) {
            case 1:
                return byLookup(s, require(card, "card"), true).map(StoredUser::view);
            case 2:
                return byLookup(s, require(pin, "pin"), false).map(StoredUser::view);
            case 3:
                return password(require(user, "user"), require(password, "pwd"));
            case 4: {
                Optional<StoredUser> u = byLookup(s, require(card, "card"), true);
                byte[] p = Base64.getDecoder().decode(lookupHash(s, require(pin, "pin")));
                boolean ok = u.isPresent() && u.get().pin != null
                        && Secrets.same(Base64.getDecoder().decode(u.get().pin), p);
                return ok ? u.map(StoredUser::view) : Optional.empty();
            }
            case 5: {
                Optional<StoredUser> u = byLookup(s, require(card, "card"), true);
                boolean ok = checkPassword(u.orElse(null), require(password, "pwd"));
                return ok ? u.map(StoredUser::view) : Optional.empty();
            }
            default:
                throw new IllegalArgumentException("login_info type must be 1 to 5, not " + type);
        }
    }

    /** The user with this name and password; the time taken does not tell whether the name exists. */
    public Optional<User> password(String name, String password) {
        Optional<StoredUser> u = Optional.ofNullable(name == null ? null : state.usersByName.get(name));
        return checkPassword(u.orElse(null), password) ? u.map(StoredUser::view) : Optional.empty();
    }

    private boolean checkPassword(StoredUser u, String password) {
        if (u == null || u.passwordHash == null) {
            Secrets.same(Secrets.pbkdf2(password, dummySalt, Secrets.PASSWORD_ROUNDS), dummyPassword);
            return false;
        }
        byte[] hash = Secrets.pbkdf2(password, Base64.getDecoder().decode(u.passwordSalt), u.passwordRounds);
        return Secrets.same(hash, Base64.getDecoder().decode(u.passwordHash));
    }

    private Optional<StoredUser> byLookup(Stored s, String value, boolean card) {
        byte[] hash = Base64.getDecoder().decode(lookupHash(s, value));
        StoredUser found = null;
        // Every user is compared, each in constant time.
        for (StoredUser u : s.users) {
            String h = card ? u.card : u.pin;
            if (h != null && Secrets.same(Base64.getDecoder().decode(h), hash) && found == null) {
                found = u;
            }
        }
        return Optional.ofNullable(found);
    }

    private static String lookupHash(Stored s, String value) {
        return b64(Secrets.pbkdf2(value, Base64.getDecoder().decode(s.lookupSalt), Secrets.LOOKUP_ROUNDS));
    }

    // ---- applications

    /** @throws IllegalArgumentException for a bad name or an unknown scope */
    public synchronized IssuedApplication addApplication(String name, Set<String> scopes) {
        String n = checkName(name, "an application name");
        Set<String> sc = Scopes.of(scopes == null ? Set.of() : scopes);
        if (sc.isEmpty()) {
            throw new IllegalArgumentException("an application needs at least one scope it may ask for");
        }
        String secret = secrets.newClientSecret();
        StoredApplication a = new StoredApplication();
        a.clientId = secrets.newClientId();
        a.name = n;
        a.scopes = new ArrayList<>(sc);
        a.created = clock.instant();
        a.secretSha256 = b64(Secrets.sha256(secret));
        Stored next = state.copy();
        next.applications.add(a);
        store(next);
        LOG.info("MyQ: added {}", a.view());
        return new IssuedApplication(a.view(), secret);
    }

    public List<Application> applications() {
        return state.applications.stream().map(StoredApplication::view).toList();
    }

    public synchronized Optional<Application> removeApplication(String clientId) {
        Optional<StoredApplication> a = state.applications.stream()
                .filter(x -> x.clientId.equalsIgnoreCase(clientId)).findFirst();
        if (a.isPresent()) {
            Stored next = state.copy();
            next.applications.removeIf(x -> x.clientId.equals(a.get().clientId));
            store(next);
            LOG.info("MyQ: removed {}", a.get().view());
        }
        return a.map(StoredApplication::view);
    }

    public Optional<Application> application(String clientId) {
        return storedApplication(clientId).map(StoredApplication::view);
    }

    private Optional<StoredApplication> storedApplication(String clientId) {
        return Optional.ofNullable(clientId == null ? null : state.applicationsById.get(Stored.idKey(clientId)));
    }

    /** The application with this id and secret; the time taken does not tell whether the id exists. */
    public Optional<Application> authenticateClient(String clientId, String secret) {
        byte[] presented = Secrets.sha256(secret == null ? "" : secret);
        Optional<StoredApplication> a = storedApplication(clientId == null ? null : clientId.trim());
        byte[] expected = a.map(x -> Base64.getDecoder().decode(x.secretSha256)).orElse(new byte[32]);
        boolean ok = Secrets.same(presented, expected) && a.isPresent() && secret != null;
        return ok ? a.map(StoredApplication::view) : Optional.empty();
    }

    // ---- storage

    private Stored load() throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            Stored fresh = new Stored();
            fresh.version = 1;
            fresh.nextUserId = 1;
            fresh.lookupSalt = b64(secrets.randomBytes(16));
            return fresh;
        }
        try {
            Stored s = gson.fromJson(text, Stored.class);
            if (s == null || s.lookupSalt == null || s.users == null || s.applications == null) {
                throw new IOException("cannot read MyQ accounts from " + file + ": incomplete");
            }
            for (StoredUser u : s.users) {
                if (u.name == null || u.scopes == null || u.created == null) {
                    throw new IOException("cannot read MyQ accounts from " + file + ": a user is incomplete");
                }
            }
            for (StoredApplication a : s.applications) {
                if (a.clientId == null || a.secretSha256 == null || a.scopes == null || a.created == null) {
                    throw new IOException("cannot read MyQ accounts from " + file + ": an application is incomplete");
                }
            }
            return s;
        } catch (JsonParseException | IllegalArgumentException e) {
            throw new IOException("cannot read MyQ accounts from " + file + ": not an accounts file", e);
        }
    }

    private void store(Stored next) {
        try {
            AtomicFiles.write(file, gson.toJson(next).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write MyQ accounts to " + file, e);
        }
        state = next.indexed();
    }

    private static String require(String value, String field) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("login_info needs '" + field + "' for this type");
        }
        return value;
    }

    private static String checkName(String name, String what) {
        String n = name == null ? "" : name.trim();
        if (n.isEmpty() || n.length() > 64 || n.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(what + " is 1 to 64 printable characters");
        }
        return n;
    }

    private static boolean blank(String s) {
        return s == null || s.isEmpty();
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    private static final class Stored {
        int version;
        long nextUserId;
        String lookupSalt;
        List<StoredUser> users = new ArrayList<>();
        List<StoredApplication> applications = new ArrayList<>();
        /** Lookups of a published snapshot, made by {@link #indexed()}; never written to the file. */
        transient Map<String, StoredUser> usersByName = Map.of();
        transient Map<Long, StoredUser> usersById = Map.of();
        transient Map<String, StoredApplication> applicationsById = Map.of();

        /** Client ids are matched without regard to case, as MyQ does. */
        static String idKey(String clientId) {
            return clientId.toUpperCase(Locale.ROOT);
        }

        /** Indexes this snapshot, which is about to be published; the first of equal names or ids wins. */
        Stored indexed() {
            Map<String, StoredUser> byName = new HashMap<>();
            Map<Long, StoredUser> byId = new HashMap<>();
            for (StoredUser u : users) {
                byName.putIfAbsent(u.name, u);
                byId.putIfAbsent(u.id, u);
            }
            Map<String, StoredApplication> apps = new HashMap<>();
            for (StoredApplication a : applications) {
                apps.putIfAbsent(idKey(a.clientId), a);
            }
            usersByName = byName;
            usersById = byId;
            applicationsById = apps;
            return this;
        }

        Stored copy() {
            Stored c = new Stored();
            c.version = version;
            c.nextUserId = nextUserId;
            c.lookupSalt = lookupSalt;
            c.users = new ArrayList<>(users);
            c.applications = new ArrayList<>(applications);
            return c;
        }
    }

    private static final class StoredUser {
        long id;
        String name;
        List<String> scopes;
        Instant created;
        String card;
        String pin;
        String passwordSalt;
        String passwordHash;
        int passwordRounds;
        /** Made at first use: a stored user is never changed once published, and a User is immutable. */
        private transient User view;

        User view() {
            User v = view;
            if (v == null) {
                v = new User(id, name, Set.copyOf(new TreeSet<>(scopes)), card != null, pin != null,
                        passwordHash != null, created);
                view = v;
            }
            return v;
        }
    }

    private static final class StoredApplication {
        String clientId;
        String name;
        List<String> scopes;
        Instant created;
        String secretSha256;
        private transient Application view;

        Application view() {
            Application v = view;
            if (v == null) {
                v = new Application(clientId, name, Set.copyOf(scopes), created);
                view = v;
            }
            return v;
        }
    }
}
