package org.printhub.api.myq.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import org.junit.jupiter.api.Test;

class ScopesTest {
    @Test
    void parsesSpaceSeparatedScopes() {
        assertEquals(Set.of("jobs", "offline.access"), Scopes.parse(" jobs  offline.access "));
        assertEquals(Set.of(), Scopes.parse(null));
        assertEquals(Set.of(), Scopes.parse(""));
    }

    @Test
    void refusesUnknownScopes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Scopes.parse("jobs admin"));
        assertTrue(e.getMessage().contains("'admin'"), e.getMessage());
    }

    @Test
    void grantsTheIntersectionOfRequestApplicationAndUser() {
        Set<String> app = Set.of("jobs", "print", "offline.access");
        Set<String> user = Set.of("jobs", "offline.access", "users");
        assertEquals(Set.of("jobs", "offline.access"), Scopes.grant(Set.of("jobs", "offline.access", "print"), app, user));
        assertEquals(Set.of("jobs"), Scopes.grant(Set.of("jobs", "users"), app, user));
        assertEquals(Set.of(), Scopes.grant(Set.of("users"), app, user));
    }

    @Test
    void nothingRequestedMeansAllTheApplicationAndUserAllow() {
        assertEquals(Set.of("jobs", "offline.access"),
                Scopes.grant(Set.of(), Set.of("jobs", "print", "offline.access"), Set.of("jobs", "offline.access")));
        assertEquals(Set.of("jobs", "print"), Scopes.grant(Set.of(), Set.of("jobs", "print"), null));
    }

    @Test
    void anApplicationsOwnTokenIsLimitedByTheApplicationOnly() {
        assertEquals(Set.of("print", "queues"), Scopes.grant(Set.of("print", "queues", "users"),
                Set.of("print", "queues"), null));
    }
}
