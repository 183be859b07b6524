package org.printhub.api.cirrus.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** One {@code LocID:DevID} of a {@code targets} list. */
final class Target {
    static final int MAX_TARGETS = 100;

    private final String location;
    private final String device;

    Target(String location, String device) {
        this.location = location;
        this.device = device;
    }

    String location() {
        return location;
    }

    String device() {
        return device;
    }

    /**
     * Parses a semicolon-separated list. Blank entries are skipped; a repeated target is one job, once.
     *
     * @throws CirrusError a failure naming the first entry that is not {@code LocID:DevID}
     */
    static List<Target> parseList(String targets) {
        Set<String> seen = new LinkedHashSet<>();
        List<Target> list = new ArrayList<>();
        for (String raw : targets.split(";")) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            int colon = entry.indexOf(':');
            if (colon <= 0 || colon == entry.length() - 1 || entry.indexOf(':', colon + 1) >= 0) {
                throw CirrusError.failure("target '" + Texts.clip(entry) + "' is not LocID:DevID");
            }
            Target t = new Target(entry.substring(0, colon).trim(), entry.substring(colon + 1).trim());
            if (seen.add(t.toString()) ) {
                list.add(t);
            }
        }
        if (list.isEmpty()) {
            throw CirrusError.failure("no target given");
        }
        if (list.size() > MAX_TARGETS) {
            throw CirrusError.failure("at most " + MAX_TARGETS + " targets per request");
        }
        return list;
    }

    @Override
    public String toString() {
        return location + ":" + device;
    }
}
