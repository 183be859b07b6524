package org.printhub.http.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.printhub.http.ApiKey;
import org.printhub.http.IssuedKey;
import org.printhub.job.DataDirectory;

class ApiKeysImplTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-02T03:04:05Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();

    private ApiKeysImpl open(boolean createAdminKey) throws IOException {
        return open(createAdminKey, MessageDigest::isEqual);
    }

    private ApiKeysImpl open(boolean createAdminKey, BiPredicate<byte[], byte[]> compare) throws IOException {
        return new ApiKeysImpl(dir.resolve("keys.json"), createAdminKey,
                new PrintStream(console, true, StandardCharsets.UTF_8), new SecureRandom(), CLOCK, compare);
    }

    private String fileText() throws IOException {
        return Files.readString(dir.resolve("keys.json"));
    }

    @Test
    void keyLifecycle() throws IOException {
        ApiKeysImpl keys = open(false);
        assertTrue(keys.list().isEmpty());
        IssuedKey a = keys.create("octoprint slicer", Set.of("print", "files"));
        IssuedKey b = keys.create("monitor", Set.of());
        assertTrue(a.secret().length() >= 43, "256 random bits");
        assertEquals(12, a.key().id().length());
        assertEquals(CLOCK.instant(), a.key().created());
        assertEquals(List.of(a.key(), b.key()), keys.list());
        assertEquals(Optional.of(a.key()), keys.authenticate(a.secret()));
        assertEquals(Optional.of(b.key()), keys.authenticate(b.secret()));
        assertEquals(Optional.empty(), keys.authenticate(a.secret() + "x"));
        assertEquals(Optional.empty(), keys.authenticate(""));
        assertEquals(Optional.empty(), keys.authenticate(null));
        assertEquals(Optional.of(a.key()), keys.find(a.key().id()));
        assertTrue(a.key().hasScope("print"));
        assertFalse(a.key().hasScope("admin"));

        assertEquals(Optional.of(a.key()), keys.revoke(a.key().id()));
        assertEquals(Optional.empty(), keys.revoke(a.key().id()));
        assertEquals(Optional.empty(), keys.authenticate(a.secret()));
        assertEquals(List.of(b.key()), keys.list());
    }

    @Test
    void theFileHoldsNoSecretAndSurvivesReload() throws IOException {
        ApiKeysImpl keys = open(false);
        IssuedKey a = keys.create("a", Set.of("print"));
        ApiKey registered = keys.register("scriptx licence", "{5A0F1A8C-2B0A-4B3E-9F0A-0A1B2C3D4E5F}", Set.of("scriptx"));
        String text = fileText();
        assertFalse(text.contains(a.secret()));
        assertFalse(text.contains("5A0F1A8C"));
        assertTrue(text.contains(a.key().id()) && text.contains("sha256"));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(dir.resolve("keys.json")), files.toList(), "no temp file left behind");
        }

        ApiKeysImpl reloaded = open(true);
        assertEquals(List.of(a.key(), registered), reloaded.list());
        assertEquals(Set.of("print"), reloaded.list().get(0).scopes());
        assertEquals(CLOCK.instant(), reloaded.list().get(0).created());
        assertEquals(Optional.of(a.key()), reloaded.authenticate(a.secret()));
        assertEquals(Optional.of(registered), reloaded.authenticate("{5A0F1A8C-2B0A-4B3E-9F0A-0A1B2C3D4E5F}"));
        assertEquals("", console.toString(), "an existing key file never prints a key");
    }

    @Test
    void registerChecksTheSecret() throws IOException {
        ApiKeysImpl keys = open(false);
        String secret = "0123456789ABCDEF0123456789ABCDEF";
        keys.register("octoprint", secret, Set.of());
        IllegalArgumentException dup = assertThrows(IllegalArgumentException.class,
                () -> keys.register("again", secret, Set.of()));
        assertFalse(dup.getMessage().contains(secret));
        assertThrows(IllegalArgumentException.class, () -> keys.register("short", "0123456789abcde", Set.of()));
        assertThrows(IllegalArgumentException.class, () -> keys.register("ctl", "0123456789abcdef\n", Set.of()));
        assertThrows(IllegalArgumentException.class, () -> keys.register("null", null, Set.of()));
        assertEquals(1, keys.list().size());
    }

    @Test
    void namesAndScopesAreChecked() throws IOException {
        ApiKeysImpl keys = open(false);
        assertThrows(IllegalArgumentException.class, () -> keys.create(" ", Set.of()));
        assertThrows(IllegalArgumentException.class, () -> keys.create("x".repeat(65), Set.of()));
        assertThrows(IllegalArgumentException.class, () -> keys.create("a", Set.of("has space")));
        assertEquals(Set.of("jobs:read", "print"), keys.create(" a ", Set.of("jobs:read", " print")).key().scopes());
        assertEquals("a", keys.list().get(0).name());
    }

    @Test
    void everyKeyIsComparedInConstantTime() throws IOException {
        AtomicInteger comparisons = new AtomicInteger();
        ApiKeysImpl keys = open(false, (x, y) -> {
            comparisons.incrementAndGet();
            return MessageDigest.isEqual(x, y);
        });
        IssuedKey first = keys.create("first", Set.of());
        keys.create("second", Set.of());
        keys.create("third", Set.of());
        comparisons.set(0);
        assertEquals(Optional.of(first.key()), keys.authenticate(first.secret()));
        assertEquals(3, comparisons.get(), "no early exit on the first match");
        comparisons.set(0);
        assertEquals(Optional.empty(), keys.authenticate("wrong"));
        assertEquals(3, comparisons.get());
    }

    @Test
    void firstStartPrintsTheAdminKeyOnceToSystemOut() throws IOException {
        BundleContext context = context(dir.toString());
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        ByteArrayOutputStream capturedErr = new ByteArrayOutputStream();
        ApiKeysImpl first;
        ApiKeysImpl second;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(capturedErr, true, StandardCharsets.UTF_8));
            first = new ApiKeysImpl(context, config("keys.json", true));
            second = new ApiKeysImpl(context, config("keys.json", true));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        String printed = captured.toString(StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("secret  (\\S+)").matcher(printed);
        assertTrue(m.find(), printed);
        String secret = m.group(1);
        assertFalse(m.find(), "printed once");
        assertTrue(printed.contains("ONLY THIS ONCE"), printed);

        ApiKey admin = first.list().get(0);
        assertEquals("admin", admin.name());
        assertEquals(Set.of(ApiKey.ADMIN), admin.scopes());
        assertTrue(admin.hasScope("anything"));
        assertEquals(Optional.of(admin), second.authenticate(secret));
        assertEquals(List.of(admin), second.list(), "no second admin key");
        assertFalse(capturedErr.toString(StandardCharsets.UTF_8).contains(secret), "not in the log");
        assertTrue(capturedErr.toString(StandardCharsets.UTF_8).contains(admin.id()), "the id is logged");
        assertFalse(fileText().contains(secret));
    }

    @Test
    void noAdminKeyWhenDisabled() throws IOException {
        ApiKeysImpl keys = open(false);
        assertTrue(keys.list().isEmpty());
        assertEquals("", console.toString());
        assertFalse(Files.exists(dir.resolve("keys.json")));
    }

    @Test
    void revokingEveryKeyDoesNotRecreateTheAdminKey() throws IOException {
        ApiKeysImpl keys = open(true);
        keys.revoke(keys.list().get(0).id());
        console.reset();
        assertTrue(open(true).list().isEmpty());
        assertEquals("", console.toString());
    }

    @Test
    void secretsNeverAppearInToStringOrExceptions() throws IOException {
        ApiKeysImpl keys = open(false);
        IssuedKey k = keys.create("k", Set.of("print"));
        assertFalse(k.toString().contains(k.secret()));
        assertFalse(k.key().toString().contains(k.secret()));
        assertTrue(k.key().toString().contains(k.key().id()));
    }

    @Test
    void aCorruptFileStopsActivationAndIsLeftAlone() throws IOException {
        Files.writeString(dir.resolve("keys.json"), "{ not json");
        IOException e = assertThrows(IOException.class, () -> open(true));
        assertTrue(e.getMessage().contains("not a valid key file"), e.getMessage());
        assertEquals("{ not json", fileText());
        assertEquals("", console.toString());
    }

    @Test
    void aFailedWriteLeavesTheKeysAsTheyWere() throws IOException {
        Path sub = dir.resolve("sub");
        ApiKeysImpl keys = new ApiKeysImpl(sub.resolve("keys.json"), false, System.out, new SecureRandom(),
                CLOCK, MessageDigest::isEqual);
        Files.writeString(sub, "a file where the directory should be");
        assertThrows(UncheckedIOException.class, () -> keys.create("a", Set.of()));
        assertTrue(keys.list().isEmpty());
    }

    @Test
    void theStoredHashIsSha256OfTheSecret() throws IOException {
        ApiKeysImpl keys = open(false);
        IssuedKey k = keys.create("k", Set.of());
        String hex = java.util.HexFormat.of().formatHex(ApiKeysImpl.sha256(k.secret()));
        assertTrue(fileText().contains(hex));
        assertArrayEquals(ApiKeysImpl.sha256("abc"), java.util.HexFormat.of()
                .parseHex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    }

    static BundleContext context(String dataDir) {
        return (BundleContext) Proxy.newProxyInstance(ApiKeysImplTest.class.getClassLoader(),
                new Class<?>[] { BundleContext.class }, (p, m, a) -> {
                    if (m.getName().equals("getProperty")) {
                        return DataDirectory.PROPERTY.equals(a[0]) ? dataDir : null;
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
    }

    static ApiKeysImpl.Config config(String file, boolean createAdminKey) {
        return new ApiKeysImpl.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return ApiKeysImpl.Config.class;
            }

            @Override
            public String file() {
                return file;
            }

            @Override
            public boolean createAdminKey() {
                return createAdminKey;
            }
        };
    }
}
