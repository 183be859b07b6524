package org.printhub.device.ipp.internal;

import java.util.Collection;
import java.util.Locale;

/** Picks the keyword that best says why a printer is not printing, from its {@code printer-state-reasons}. */
final class PrinterReasons {
    private static final String[] SEVERITIES = { "-error", "-warning", "-report" };
    private static final java.util.Set<String> NOT_A_CAUSE = java.util.Set.of("none", "job-printing", "job-incoming",
            "job-queued", "processing-to-stop-point", "job-data-insufficient", "job-completed-with-errors",
            "aborted-by-system");

    private PrinterReasons() {
    }

    /**
     * The most severe reason without its severity suffix ({@code media-empty-error} gives {@code media-empty});
     * {@code null} when there is none worth naming.
     */
    static String primary(Collection<String> reasons) {
        String best = null;
        int bestRank = Integer.MAX_VALUE;
        for (String reason : reasons) {
            String r = reason.trim().toLowerCase(Locale.ROOT);
            if (r.isEmpty() || r.equals("none") || r.equals("paused") && reasons.size() > 1) {
                continue;
            }
            int rank = rank(r);
            if (rank < bestRank) {
                best = strip(r);
                bestRank = rank;
            }
        }
        return best;
    }

    /**
     * The first {@code job-state-reasons} keyword that says why a job ended badly, as it is: job reasons carry no
     * severity suffix ({@code document-format-error} is one keyword). {@code null} when none does.
     */
    static String jobFailure(Collection<String> reasons) {
        for (String reason : reasons) {
            String r = reason.trim().toLowerCase(Locale.ROOT);
            if (!r.isEmpty() && !NOT_A_CAUSE.contains(r)) {
                return r;
            }
        }
        return null;
    }

    /** Errors first, then reasons without a suffix (RFC 8011 reads those as errors), warnings, reports. */
    private static int rank(String reason) {
        if (reason.endsWith("-error")) {
            return 0;
        }
        if (reason.endsWith("-warning")) {
            return 2;
        }
        if (reason.endsWith("-report")) {
            return 3;
        }
        return 1;
    }

    private static String strip(String reason) {
        for (String suffix : SEVERITIES) {
            if (reason.endsWith(suffix) && reason.length() > suffix.length()) {
                return reason.substring(0, reason.length() - suffix.length());
            }
        }
        return reason;
    }
}
