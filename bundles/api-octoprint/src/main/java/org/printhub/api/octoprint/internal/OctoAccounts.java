package org.printhub.api.octoprint.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.printhub.http.ApiKey;
import org.printhub.http.ApiKeys;
import org.printhub.http.AtomicFiles;
import org.printhub.http.IssuedKey;
import org.printhub.http.Json;
import org.printhub.http.PasswordHashes;
import org.printhub.job.DataDirectory;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import com.google.gson.reflect.TypeToken;

/**
 * OctoPrint's users, their API keys, browser sessions and pending Application Keys requests, shared by every
 * instance. Users and their password hashes (PBKDF2) are kept in {@code <data>/octoprint/users.json}
 * (owner-only); API keys live in the shared {@link ApiKeys} store, which keeps only hashes, with the scope
 * {@code octoprint.user:<name>}. There is no default user: an administrator creates one in the shell.
 */
@Component(service = OctoAccounts.class)
public final class OctoAccounts {
    static final String USER_SCOPE = "octoprint.user:";
    static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,31}");
    private static final int ITERATIONS = 210_000;
    private static final Duration REQUEST_STALE = Duration.ofSeconds(30);
    private static final int MAX_PENDING_REQUESTS = 100;
    private static final int MAX_SESSIONS = 1000;

    /** A pending Application Keys request, until it is decided and its key fetched, or goes stale. */
    static final class KeyRequest {
        final String token;
        final String app;
        final String user;
        Instant lastPoll;
        Boolean allowed;
        String secret;

        KeyRequest(String token, String app, String user, Instant now) {
            this.token = token;
            this.app = app;
            this.user = user;
            this.lastPoll = now;
        }
    }

    private static final class StoredUser {
        String salt;
        String hash;
        int iterations;
    }

    private final Path file;
    private final ApiKeys keys;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Gson gson = Json.builder().setPrettyPrinting().create();
    private final TreeMap<String, StoredUser> users;
    private final Map<String, KeyRequest> requests = new LinkedHashMap<>();
    private final Map<String, String> sessions = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > MAX_SESSIONS;
        }
    };

    @Activate
    public OctoAccounts(BundleContext context, @Reference ApiKeys keys) {
        this(DataDirectory.of(context, "octoprint").resolve("users.json"), keys, Clock.systemUTC());
    }

    OctoAccounts(Path file, ApiKeys keys, Clock clock) {
        this.file = file;
        this.keys = keys;
        this.clock = clock;
        this.users = read(file);
    }

    private TreeMap<String, StoredUser> read(Path f) {
        if (!Files.exists(f)) {
            return new TreeMap<>();
        }
        try {
            TreeMap<String, StoredUser> m = gson.fromJson(Files.readString(f, StandardCharsets.UTF_8),
                    new TypeToken<TreeMap<String, StoredUser>>() { }.getType());
            return m == null ? new TreeMap<>() : m;
        } catch (IOException | JsonParseException e) {
            throw new IllegalStateException("cannot read OctoPrint users from " + f, e);
        }
    }

    private void save() {
        try {
            AtomicFiles.write(file, gson.toJson(users).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save OctoPrint users", e);
        }
    }

    static String requireName(String name) {
        if (name == null || !USER_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a user name is 1 to 32 letters, digits, '.', '_' or '-'");
        }
        return name;
    }

    /** Creates a user or sets a user's password. */
    synchronized void setUser(String name, String password) {
        requireName(name);
        if (password == null || password.length() < 8) {
            throw new IllegalArgumentException("a password has at least 8 characters");
        }
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        StoredUser u = new StoredUser();
        u.salt = Base64.getEncoder().encodeToString(salt);
        u.iterations = ITERATIONS;
        u.hash = Base64.getEncoder().encodeToString(PasswordHashes.pbkdf2(password, salt, ITERATIONS));
        users.put(name, u);
        save();
    }

    /** Removes a user and revokes the user's keys. */
    synchronized boolean removeUser(String name) {
        if (users.remove(name) == null) {
            return false;
        }
        save();
        for (ApiKey k : userKeys(name)) {
            keys.revoke(k.id());
        }
        sessions.values().removeIf(name::equals);
        return true;
    }

    synchronized List<String> users() {
        return new ArrayList<>(users.keySet());
    }

    synchronized boolean exists(String name) {
        return users.containsKey(name);
    }

    /** The user if the password is right; the same work is done for an unknown user. */
    Optional<String> login(String name, String password) {
        StoredUser u;
        synchronized (this) {
            u = name == null ? null : users.get(name);
        }
        if (password == null) {
            return Optional.empty();
        }
        byte[] salt = u == null ? new byte[16] : Base64.getDecoder().decode(u.salt);
        byte[] expected = u == null ? new byte[32] : Base64.getDecoder().decode(u.hash);
        byte[] actual = PasswordHashes.pbkdf2(password, salt, u == null ? ITERATIONS : u.iterations);
        return MessageDigest.isEqual(expected, actual) && u != null ? Optional.of(name) : Optional.empty();
    }

    /** The user an API key belongs to, if it is an OctoPrint key of an existing user. */
    Optional<String> userByKey(String secret) {
        if (secret == null || secret.isBlank()) {
            return Optional.empty();
        }
        return keys.authenticate(secret).flatMap(OctoAccounts::userOf).filter(this::exists);
    }

    private static Optional<String> userOf(ApiKey key) {
        for (String scope : key.scopes()) {
            if (scope.startsWith(USER_SCOPE)) {
                return Optional.of(scope.substring(USER_SCOPE.length()));
            }
        }
        return Optional.empty();
    }

    /** A new key for {@code user}; the secret is only in the result. */
    IssuedKey createKey(String user, String app) {
        if (!exists(user)) {
            throw new IllegalArgumentException("no such OctoPrint user: " + user);
        }
        String label = ("octoprint " + user + " " + (app == null ? "" : app)).trim();
        return keys.create(label.length() > 64 ? label.substring(0, 64) : label, Set.of(USER_SCOPE + user));
    }

    List<ApiKey> userKeys(String user) {
        return keys.list().stream().filter(k -> userOf(k).filter(user::equals).isPresent()).toList();
    }

    List<ApiKey> allKeys() {
        return keys.list().stream().filter(k -> userOf(k).isPresent()).toList();
    }

    boolean revokeKey(String keyId) {
        Optional<ApiKey> k = keys.find(keyId);
        if (k.isEmpty() || userOf(k.get()).isEmpty()) {
            return false;
        }
        return keys.revoke(keyId).isPresent();
    }

    synchronized String openSession(String user) {
        String id = token(24);
        sessions.put(id, user);
        return id;
    }

    synchronized Optional<String> session(String id) {
        return Optional.ofNullable(id == null ? null : sessions.get(id));
    }

    synchronized void closeSession(String id) {
        sessions.remove(id);
    }

    /** Opens an Application Keys request. */
    synchronized KeyRequest request(String app, String user) {
        expireRequests();
        if (requests.size() >= MAX_PENDING_REQUESTS) {
            throw new IllegalStateException("too many pending key requests");
        }
        KeyRequest r = new KeyRequest(token(24), app, user, clock.instant());
        requests.put(r.token, r);
        return r;
    }

    /**
     * A client polls its request: empty if unknown, denied or stale; the request, with its key if granted (the
     * request is then gone).
     */
    synchronized Optional<KeyRequest> poll(String token) {
        expireRequests();
        KeyRequest r = requests.get(token);
        if (r == null) {
            return Optional.empty();
        }
        r.lastPoll = clock.instant();
        if (Boolean.FALSE.equals(r.allowed)) {
            requests.remove(token);
            return Optional.empty();
        }
        if (Boolean.TRUE.equals(r.allowed)) {
            requests.remove(token);
        }
        return Optional.of(r);
    }

    synchronized List<KeyRequest> pendingRequests() {
        expireRequests();
        return requests.values().stream().filter(r -> r.allowed == null).toList();
    }

    /** An administrator's decision; allowing creates the key for the requested user, or {@code asUser}. */
    synchronized KeyRequest decide(String token, boolean allow, String asUser) {
        expireRequests();
        KeyRequest r = requests.get(token);
        if (r == null || r.allowed != null) {
            throw new IllegalArgumentException("no pending key request " + token);
        }
        if (allow) {
            String user = asUser != null ? asUser : r.user;
            if (user == null || !exists(user)) {
                throw new IllegalArgumentException("the request names no existing user: give one "
                        + "(octoprint:allow <token> <user>)");
            }
            r.secret = createKey(user, r.app).secret();
        }
        r.allowed = allow;
        return r;
    }

    private void expireRequests() {
        Instant stale = clock.instant().minus(REQUEST_STALE);
        requests.values().removeIf(r -> r.lastPoll.isBefore(stale));
    }

    private String token(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
