package org.printhub.api.myq.internal;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/** MyQ X print-server scope names, and the one rule for what a token is granted. */
final class Scopes {
    static final String JOBS = "jobs";
    static final String JOBS_PROCESS = "jobs.process";
    static final String OFFLINE_ACCESS = "offline.access";
    static final String PRINT = "print";
    static final String PRINT_SERVICES = "print.services";
    static final String QUEUES = "queues";

    static final Set<String> KNOWN = Set.of("cert.manage", "cert.read", "credit", "impersonate", JOBS, JOBS_PROCESS,
            OFFLINE_ACCESS, PRINT, PRINT_SERVICES, "printers", QUEUES, "scan", "terminal", "terminal.read",
            "user.session", "users", "reports");

    private Scopes() {
    }

    /**
     * The scopes of a space-separated request (RFC 6749 §3.3), sorted.
     *
     * @throws IllegalArgumentException naming the first scope MyQ does not know
     */
    static Set<String> parse(String text) {
        Set<String> scopes = new TreeSet<>();
        if (text != null) {
            for (String s : text.trim().split("[\\s,]+")) {
                if (!s.isEmpty()) {
                    scopes.add(requireKnown(s));
                }
            }
        }
        return scopes;
    }

    /** @throws IllegalArgumentException for a scope MyQ does not know */
    static Set<String> of(Collection<String> names) {
        Set<String> scopes = new TreeSet<>();
        for (String s : names) {
            scopes.add(requireKnown(s.trim()));
        }
        return scopes;
    }

    /**
     * What a token gets: what was asked, limited to what the application may ask and, for a user's token, what
     * the user may do. Nothing asked means everything the application and user allow.
     *
     * @param user the user's rights, or {@code null} for an application's own token
     */
    static Set<String> grant(Set<String> requested, Set<String> application, Set<String> user) {
        Set<String> granted = new TreeSet<>(requested.isEmpty() ? application : requested);
        granted.retainAll(application);
        if (user != null) {
            granted.retainAll(user);
        }
        return granted;
    }

    static String format(Set<String> scopes) {
        return String.join(" ", new TreeSet<>(scopes));
    }

    private static String requireKnown(String scope) {
        if (!KNOWN.contains(scope)) {
            throw new IllegalArgumentException("unknown scope '" + scope + "'");
        }
        return scope;
    }
}
