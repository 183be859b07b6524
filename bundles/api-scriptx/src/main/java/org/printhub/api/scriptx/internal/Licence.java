package org.printhub.api.scriptx.internal;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * A ScriptX licence (subscription) an administrator added: the GUID clients send as the Basic user name, the
 * licensee, and the sites it is for. Immutable; stored as JSON.
 */
final class Licence {
    final String guid;
    final String company;
    final String companyHomePage;
    final int revision;
    final Instant from;
    final Instant to;
    final List<String> domains;
    final Options options;

    Licence(String guid, String company, String companyHomePage, int revision, Instant from, Instant to,
            List<String> domains, Options options) {
        this.guid = guid;
        this.company = company;
        this.companyHomePage = companyHomePage;
        this.revision = revision;
        this.from = from;
        this.to = to;
        this.domains = List.copyOf(domains);
        this.options = options;
    }

    /** What a licence allows, as ScriptX's {@code LicenseOptions}. */
    static final class Options {
        final boolean basicHtmlPrinting;
        final boolean advancedPrinting;
        final boolean enhancedFormatting;
        final boolean printPdf;
        final boolean printRaw;

        Options(boolean basicHtmlPrinting, boolean advancedPrinting, boolean enhancedFormatting, boolean printPdf,
                boolean printRaw) {
            this.basicHtmlPrinting = basicHtmlPrinting;
            this.advancedPrinting = advancedPrinting;
            this.enhancedFormatting = enhancedFormatting;
            this.printPdf = printPdf;
            this.printRaw = printRaw;
        }

        static Options all() {
            return new Options(true, true, true, true, true);
        }

        static Options none() {
            return new Options(false, false, false, false, false);
        }
    }

    boolean isCurrent(Instant now) {
        return (from == null || !now.isBefore(from)) && (to == null || now.isBefore(to));
    }

    /**
     * The canonical form of a licence GUID as clients write it: braces optional, any case (as .NET's
     * {@code Guid.TryParse} reads it), lower case without braces.
     */
    static Optional<String> normalise(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.trim();
        if (t.startsWith("{") && t.endsWith("}")) {
            t = t.substring(1, t.length() - 1).trim();
        }
        if (t.matches("[0-9a-fA-F]{32}")) {
            t = t.substring(0, 8) + "-" + t.substring(8, 12) + "-" + t.substring(12, 16) + "-"
                    + t.substring(16, 20) + "-" + t.substring(20);
        }
        if (!t.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")) {
            return Optional.empty();
        }
        return Optional.of(UUID.fromString(t).toString().toLowerCase(Locale.ROOT));
    }
}
