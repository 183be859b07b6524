package org.printhub.shell.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongFunction;

import org.printhub.job.Job;

final class Args {
    private Args() {
    }

    static long jobId(String text) {
        try {
            long id = Long.parseLong(text.trim());
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("not a job id: '" + text + "'");
    }

    static int intIn(String what, String text, int min, int max) {
        try {
            int n = Integer.parseInt(text.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(what + " must be " + min + " to " + max + ", not '" + text + "'");
    }

    static Set<String> list(String text) {
        Set<String> out = new LinkedHashSet<>();
        if (text != null) {
            for (String s : text.split(",")) {
                if (!s.isBlank()) {
                    out.add(s.trim());
                }
            }
        }
        return out;
    }

    // One line per id, "<id>: <done>" or "<id>: <why not>": a failure does not stop the others.
    static List<String> each(String[] ids, String done, LongFunction<Job> action) {
        if (ids == null || ids.length == 0) {
            throw new IllegalArgumentException("give at least one job id");
        }
        List<String> out = new ArrayList<>();
        for (String text : ids) {
            try {
                long id = jobId(text);
                action.apply(id);
                out.add(id + ": " + done);
            } catch (RuntimeException e) {
                out.add(text + ": " + message(e));
            }
        }
        return out;
    }

    static String message(RuntimeException e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }
}
