package org.printhub.api.myq.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.printhub.job.DataDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issues, checks, rotates and revokes MyQ access and refresh tokens. Tokens are 256 random bits handed out
 * once; only their SHA-256 is kept, in memory and in {@code <data>/myq/tokens.log}, so they survive a restart
 * and a copy of the data directory reveals none.
 */
@Component(service = Tokens.class, configurationPid = MyqConfig.PID)
public final class Tokens {
    static final String FILE = "myq/tokens.log";
    private static final Logger LOG = LoggerFactory.getLogger(Tokens.class);
    private static final String ACCESS = "a";
    private static final String REFRESH = "r";

    /** What a token stands for. {@code user} is null for an application's own (client_credentials) token. */
    record Grant(String user, String clientId, Set<String> scopes, Instant expiresAt, String family) {
        boolean has(String scope) {
            return scopes.contains(scope);
        }
    }

    /** A token response; {@code refreshToken} is null unless offline.access was granted. */
    record Issued(String accessToken, long expiresIn, Set<String> scopes, String refreshToken) {
        @Override
        public String toString() {
            return "tokens for [" + Scopes.format(scopes) + "] (not shown)";
        }
    }

    /** Why a refresh token was refused; the token endpoint answers invalid_grant for each. */
    static final class RefreshRefusedException extends Exception {
        private static final long serialVersionUID = 1L;

        /** The token is fine but more scope was asked than it carries (invalid_scope, token not spent). */
        final boolean scope;

        RefreshRefusedException(String message) {
            this(message, false);
        }

        RefreshRefusedException(String message, boolean scope) {
            super(message);
            this.scope = scope;
        }
    }

    private static final class Record {
        final String kind;
        final Grant grant;
        volatile boolean used;

        Record(String kind, Grant grant) {
            this.kind = kind;
            this.grant = grant;
        }
    }

    private final TokenJournal journal;
    private final Secrets secrets;
    private final Clock clock;
    private final Duration accessLifetime;
    private final Duration refreshLifetime;
    private final Map<String, Record> byHash = new ConcurrentHashMap<>();

    @Activate
    public Tokens(BundleContext context, MyqConfig config) throws IOException {
        this(DataDirectory.of(context).resolve(FILE), new Secrets(new SecureRandom()), Clock.systemUTC(),
                Duration.ofSeconds(config.accessTokenSeconds()), Duration.ofSeconds(config.refreshTokenSeconds()));
    }

    Tokens(Path file, Secrets secrets, Clock clock, Duration accessLifetime, Duration refreshLifetime)
            throws IOException {
        if (accessLifetime.isNegative() || accessLifetime.isZero() || refreshLifetime.isNegative()
                || refreshLifetime.isZero()) {
            throw new IllegalArgumentException("token lifetimes must be positive");
        }
        this.journal = new TokenJournal(file);
        this.secrets = secrets;
        this.clock = clock;
        this.accessLifetime = accessLifetime;
        this.refreshLifetime = refreshLifetime;
        replay();
    }

    @Deactivate
    void close() throws IOException {
        journal.close();
    }

    /**
     * New tokens: an access token, and a refresh token when {@code scopes} holds offline.access.
     *
     * @param user the user the tokens act for, or null for an application's own token
     * @param family the refresh-token family this continues, or null to start one
     */
    Issued issue(String user, String clientId, Set<String> scopes, String family) {
        Instant now = clock.instant();
        String fam = family != null ? family : secrets.newToken();
        String access = secrets.newToken();
        Grant accessGrant = new Grant(user, clientId, Set.copyOf(scopes), now.plus(accessLifetime), fam);
        String refresh = null;
        synchronized (this) {
            add(hash(access), new Record(ACCESS, accessGrant), false);
            if (scopes.contains(Scopes.OFFLINE_ACCESS)) {
                refresh = secrets.newToken();
                add(hash(refresh), new Record(REFRESH,
                        new Grant(user, clientId, Set.copyOf(scopes), now.plus(refreshLifetime), fam)), false);
            }
            compactIfLarge();
        }
        return new Issued(access, accessLifetime.toSeconds(), Set.copyOf(scopes), refresh);
    }

    /** The grant of a valid, unexpired, unrevoked access token. */
    Optional<Grant> authenticate(String accessToken) {
        if (accessToken == null || accessToken.length() > 512) {
            return Optional.empty();
        }
        Record r = byHash.get(hash(accessToken));
        if (r == null || !ACCESS.equals(r.kind)) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(r.grant.expiresAt())) {
            return Optional.empty();
        }
        return Optional.of(r.grant);
    }

    /**
     * Spends a refresh token: it never works again, and the caller issues its successor in the same family.
     * Presenting a spent refresh token again revokes its whole family, because one of the two presenters
     * holds a stolen copy (RFC 9700 §4.14.2).
     *
     * @param requested the scopes asked for now: none, or some of those the token carries
     * @throws RefreshRefusedException for an unknown, expired, spent or revoked token, one of another client, or
     *         a request for scopes the token does not carry (which leaves the token unspent)
     */
    Grant redeem(String refreshToken, String clientId, Set<String> requested) throws RefreshRefusedException {
        if (refreshToken == null || refreshToken.length() > 512) {
            throw new RefreshRefusedException("unknown refresh token");
        }
        String h = hash(refreshToken);
        synchronized (this) {
            Record r = byHash.get(h);
            if (r == null || !REFRESH.equals(r.kind)) {
                throw new RefreshRefusedException("unknown refresh token");
            }
            if (!r.grant.clientId().equalsIgnoreCase(clientId)) {
                throw new RefreshRefusedException("the refresh token was issued to another client");
            }
            if (!clock.instant().isBefore(r.grant.expiresAt())) {
                throw new RefreshRefusedException("the refresh token has expired");
            }
            if (r.used) {
                int n = removeWhere(x -> r.grant.family().equals(x.grant.family()), TokenJournal.Line.DELETE_FAMILY,
                        l -> l.f = r.grant.family());
                LOG.warn("MyQ: a spent refresh token of {} was presented again; revoked {} token(s) of its family",
                        who(r.grant), n);
                throw new RefreshRefusedException("the refresh token was already used");
            }
            if (!r.grant.scopes().containsAll(requested)) {
                throw new RefreshRefusedException("a refresh cannot add scopes the first grant did not have", true);
            }
            TokenJournal.Line l = TokenJournal.Line.of(TokenJournal.Line.USED);
            l.h = h;
            write(l, true);
            r.used = true;
            return r.grant;
        }
    }

    /** Revokes every token of a user; returns how many. */
    int revokeUser(String user) {
        return removeWhere(r -> user.equals(r.grant.user()), TokenJournal.Line.DELETE_USER, l -> l.u = user);
    }

    /** Revokes every token issued to an application, its users' included; returns how many. */
    int revokeClient(String clientId) {
        return removeWhere(r -> clientId.equalsIgnoreCase(r.grant.clientId()), TokenJournal.Line.DELETE_CLIENT,
                l -> l.c = clientId);
    }

    /** Revokes one access or refresh token, and with it every token of its family. */
    boolean revoke(String token) {
        Record r = byHash.get(hash(token));
        if (r == null) {
            return false;
        }
        removeWhere(x -> r.grant.family().equals(x.grant.family()), TokenJournal.Line.DELETE_FAMILY,
                l -> l.f = r.grant.family());
        return true;
    }

    /** Live (unexpired) tokens per kind: {@code [access, refresh]}. */
    long[] counts() {
        Instant now = clock.instant();
        long a = 0;
        long r = 0;
        for (Record x : byHash.values()) {
            if (now.isBefore(x.grant.expiresAt()) && !x.used) {
                if (ACCESS.equals(x.kind)) {
                    a++;
                } else {
                    r++;
                }
            }
        }
        return new long[] { a, r };
    }

    private synchronized int removeWhere(Predicate<Record> match, String op,
            Consumer<TokenJournal.Line> fill) {
        TokenJournal.Line l = TokenJournal.Line.of(op);
        fill.accept(l);
        write(l, true);
        int n = 0;
        for (var it = byHash.values().iterator(); it.hasNext();) {
            if (match.test(it.next())) {
                it.remove();
                n++;
            }
        }
        return n;
    }

    private void add(String h, Record r, boolean force) {
        write(addLine(h, r), force);
        byHash.put(h, r);
    }

    private static TokenJournal.Line addLine(String h, Record r) {
        TokenJournal.Line l = TokenJournal.Line.of(TokenJournal.Line.ADD);
        l.h = h;
        l.k = r.kind;
        l.u = r.grant.user();
        l.c = r.grant.clientId();
        l.s = Scopes.format(r.grant.scopes());
        l.e = r.grant.expiresAt().getEpochSecond();
        l.f = r.grant.family();
        return l;
    }

    private void write(TokenJournal.Line l, boolean force) {
        try {
            journal.append(l, force);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record MyQ tokens in " + FILE, e);
        }
    }

    private void replay() throws IOException {
        for (TokenJournal.Line l : journal.read()) {
            switch (l.a) {
                case TokenJournal.Line.ADD:
                    if (l.h != null && l.c != null && l.f != null) {
                        Set<String> scopes = l.s == null || l.s.isBlank() ? Set.of() : Set.of(l.s.split(" "));
                        byHash.put(l.h, new Record(REFRESH.equals(l.k) ? REFRESH : ACCESS,
                                new Grant(l.u, l.c, scopes, Instant.ofEpochSecond(l.e), l.f)));
                    }
                    break;
                case TokenJournal.Line.USED:
                    Record r = l.h == null ? null : byHash.get(l.h);
                    if (r != null) {
                        r.used = true;
                    }
                    break;
                case TokenJournal.Line.DELETE:
                    if (l.h != null) {
                        byHash.remove(l.h);
                    }
                    break;
                case TokenJournal.Line.DELETE_USER:
                    byHash.values().removeIf(x -> l.u != null && l.u.equals(x.grant.user()));
                    break;
                case TokenJournal.Line.DELETE_CLIENT:
                    byHash.values().removeIf(x -> l.c != null && l.c.equalsIgnoreCase(x.grant.clientId()));
                    break;
                case TokenJournal.Line.DELETE_FAMILY:
                    byHash.values().removeIf(x -> l.f != null && l.f.equals(x.grant.family()));
                    break;
                default:
                    LOG.warn("MyQ token journal: unknown operation '{}' skipped", l.a);
            }
        }
        compact();
    }

    private void compactIfLarge() {
        if (journal.lines() > Math.max(4096, 2L * byHash.size())) {
            try {
                compact();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot compact the MyQ token journal", e);
            }
        }
    }

    // Keeps spent refresh tokens until they expire: reuse detection needs them.
    private synchronized void compact() throws IOException {
        Instant now = clock.instant();
        byHash.values().removeIf(r -> !now.isBefore(r.grant.expiresAt()));
        List<TokenJournal.Line> live = new ArrayList<>();
        for (Map.Entry<String, Record> e : byHash.entrySet()) {
            Record r = e.getValue();
            live.add(addLine(e.getKey(), r));
            if (r.used) {
                TokenJournal.Line u = TokenJournal.Line.of(TokenJournal.Line.USED);
                u.h = e.getKey();
                live.add(u);
            }
        }
        journal.rewrite(live);
    }

    private static String who(Grant g) {
        return g.user() == null ? "client " + g.clientId() : "user '" + g.user() + "'";
    }

    static String hash(String token) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Secrets.sha256(token));
    }
}
