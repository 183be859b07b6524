package org.printhub.http.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiPredicate;
import java.util.regex.Pattern;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.printhub.http.ApiKey;
import org.printhub.http.ApiKeys;
import org.printhub.http.AtomicFiles;
import org.printhub.http.IssuedKey;
import org.printhub.http.Json;
import org.printhub.job.DataDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;

// Secrets are high-entropy (or registered by an administrator), so an unsalted SHA-256 is enough.
// Immediate, so that the first start prints the admin key to the server's console: a delayed component would
// activate on first use, perhaps inside a Gogo session, whose redirected System.out would get the banner.
@Component(service = ApiKeys.class, configurationPid = ApiKeysImpl.PID, immediate = true)
@Designate(ocd = ApiKeysImpl.Config.class)
public final class ApiKeysImpl implements ApiKeys {
    static final String PID = "org.printhub.http.keys";

    @ObjectClassDefinition(name = "Printhub API keys",
            description = "Where the API keys every surface checks are kept. Only hashes of the secrets are stored.")
    public @interface Config {
        @AttributeDefinition(name = "Key file",
                description = "The file holding the key hashes, relative to the data directory "
                        + "(framework property printhub.data).")
        String file() default "keys.json";

        @AttributeDefinition(name = "Create an admin key at first start",
                description = "When the key file does not exist yet, create a key named 'admin' with scope "
                        + "'admin' and print its secret once to the console (standard output).")
        boolean createAdminKey() default true;
    }

    private static final Logger LOG = LoggerFactory.getLogger(ApiKeysImpl.class);
    private static final Pattern SCOPE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final int MIN_REGISTERED_SECRET = 16;
    private static final int SECRET_BYTES = 32;

    private final Path file;
    private final PrintStream console;
    private final SecureRandom random;
    private final Clock clock;
    private final BiPredicate<byte[], byte[]> sameHash;
    private final Gson gson = Json.builder().setPrettyPrinting().create();
    private final Object lock = new Object();
    private volatile List<Entry> entries;

    @Activate
    public ApiKeysImpl(BundleContext context, Config config) throws IOException {
        this(DataDirectory.of(context).resolve(config.file()), config.createAdminKey(), System.out,
                new SecureRandom(), Clock.systemUTC(), MessageDigest::isEqual);
    }

    // sameHash is a parameter so that a test can see it is called for every key.
    ApiKeysImpl(Path file, boolean createAdminKey, PrintStream console, SecureRandom random, Clock clock,
            BiPredicate<byte[], byte[]> sameHash) throws IOException {
        this.file = file;
        this.console = console;
        this.random = random;
        this.clock = clock;
        this.sameHash = sameHash;
        Optional<List<Entry>> stored = load();
        entries = stored.orElse(List.of());
        if (stored.isEmpty() && createAdminKey) {
            IssuedKey admin = create("admin", Set.of(ApiKey.ADMIN));
            printOnce(admin);
        } else if (entries.isEmpty()) {
            LOG.warn("No API key exists in {}: surfaces that require a key refuse every request. "
                    + "Create one with key:create.", file);
        }
    }

    @Override
    public IssuedKey create(String name, Set<String> scopes) {
        String secret = newSecret();
        ApiKey key = add(name, secret, scopes);
        return new IssuedKey(key, secret);
    }

    @Override
    public ApiKey register(String name, String secret, Set<String> scopes) {
        if (secret == null || secret.length() < MIN_REGISTERED_SECRET || secret.isBlank()
                || secret.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("a registered secret must have at least " + MIN_REGISTERED_SECRET
                    + " characters and no control characters");
        }
        return add(name, secret, scopes);
    }

    private ApiKey add(String name, String secret, Set<String> scopes) {
        String cleanName = checkName(name);
        Set<String> cleanScopes = checkScopes(scopes);
        byte[] hash = sha256(secret);
        synchronized (lock) {
            for (Entry e : entries) {
                if (sameHash.test(e.hash, hash)) {
                    throw new IllegalArgumentException("that secret is already registered as key " + e.key.id());
                }
            }
            ApiKey key = new ApiKey(newId(), cleanName, cleanScopes, clock.instant());
            List<Entry> next = new ArrayList<>(entries);
            next.add(new Entry(key, hash));
            store(next);
            LOG.info("Created API key {} '{}' with scopes {}", key.id(), key.name(), new TreeSet<>(key.scopes()));
            return key;
        }
    }

    @Override
    public List<ApiKey> list() {
        return entries.stream().map(e -> e.key).toList();
    }

    @Override
    public Optional<ApiKey> find(String keyId) {
        return entries.stream().filter(e -> e.key.id().equals(keyId)).map(e -> e.key).findFirst();
    }

    @Override
    public Optional<ApiKey> revoke(String keyId) {
        synchronized (lock) {
            Optional<ApiKey> key = find(keyId);
            if (key.isPresent()) {
                List<Entry> next = new ArrayList<>(entries);
                next.removeIf(e -> e.key.id().equals(keyId));
                store(next);
                LOG.info("Revoked API key {} '{}'", key.get().id(), key.get().name());
            }
            return key;
        }
    }

    @Override
    public Optional<ApiKey> authenticate(String secret) {
        if (secret == null || secret.isBlank()) {
            return Optional.empty();
        }
        byte[] hash = sha256(secret);
        ApiKey found = null;
        // Every stored hash is compared, and each in constant time, so the time taken tells nothing.
        for (Entry e : entries) {
            if (sameHash.test(e.hash, hash) && found == null) {
                found = e.key;
            }
        }
        return Optional.ofNullable(found);
    }

    private void printOnce(IssuedKey admin) {
        String line = "=".repeat(72);
        console.println(line);
        console.println(" Printhub: first start. An administrator API key was created:");
        console.println();
        console.println("   key id  " + admin.key().id());
        console.println("   secret  " + admin.secret());
        console.println();
        console.println(" This secret is shown ONLY THIS ONCE and is not stored anywhere. Keep it safe.");
        console.println(" Manage keys with the shell commands key:create, key:list and key:revoke.");
        console.println(line);
        console.flush();
        LOG.info("Created the administrator API key {} at first start; its secret was shown once on the console",
                admin.key().id());
    }

    private Optional<List<Entry>> load() throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        try {
            KeyFile kf = gson.fromJson(text, KeyFile.class);
            List<Entry> loaded = new ArrayList<>();
            for (StoredKey s : kf == null || kf.keys == null ? List.<StoredKey>of() : kf.keys) {
                if (s.id == null || s.name == null || s.created == null || s.sha256 == null
                        || s.sha256.length() != 64) {
                    throw new IOException("an entry is incomplete");
                }
                loaded.add(new Entry(new ApiKey(s.id, s.name, s.scopes == null ? Set.of() : Set.copyOf(s.scopes),
                        s.created), HexFormat.of().parseHex(s.sha256)));
            }
            return Optional.of(List.copyOf(loaded));
        } catch (JsonParseException | IllegalArgumentException e) {
            throw new IOException("cannot read API keys from " + file + ": not a valid key file", e);
        } catch (IOException e) {
            throw new IOException("cannot read API keys from " + file + ": " + e.getMessage(), e);
        }
    }

    private void store(List<Entry> next) {
        KeyFile kf = new KeyFile();
        kf.version = 1;
        kf.keys = new ArrayList<>();
        for (Entry e : next) {
            StoredKey s = new StoredKey();
            s.id = e.key.id();
            s.name = e.key.name();
            s.scopes = new ArrayList<>(new TreeSet<>(e.key.scopes()));
            s.created = e.key.created();
            s.sha256 = HexFormat.of().formatHex(e.hash);
            kf.keys.add(s);
        }
        try {
            AtomicFiles.write(file, gson.toJson(kf).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write API keys to " + file, e);
        }
        entries = List.copyOf(next);
    }

    private String newSecret() {
        byte[] b = new byte[SECRET_BYTES];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private String newId() {
        while (true) {
            byte[] b = new byte[6];
            random.nextBytes(b);
            String id = HexFormat.of().formatHex(b);
            if (entries.stream().noneMatch(e -> e.key.id().equals(id))) {
                return id;
            }
        }
    }

    private static String checkName(String name) {
        String n = name == null ? "" : name.trim();
        if (n.isEmpty() || n.length() > 64 || n.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("a key name is 1 to 64 printable characters");
        }
        return n;
    }

    private static Set<String> checkScopes(Set<String> scopes) {
        Set<String> clean = new TreeSet<>();
        for (String s : scopes == null ? Set.<String>of() : scopes) {
            String t = s == null ? "" : s.trim();
            if (!SCOPE.matcher(t).matches()) {
                throw new IllegalArgumentException("not a scope name (letters, digits, . _ : -): '" + t + "'");
            }
            clean.add(t);
        }
        return clean;
    }

    static byte[] sha256(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    private static final class Entry {
        final ApiKey key;
        final byte[] hash;

        Entry(ApiKey key, byte[] hash) {
            this.key = key;
            this.hash = hash;
        }
    }

    private static final class KeyFile {
        int version;
        List<StoredKey> keys;
    }

    private static final class StoredKey {
        String id;
        String name;
        List<String> scopes;
        Instant created;
        String sha256;
    }
}
