package org.printhub.job;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An inclusive range of 1-based page numbers, as IPP {@code page-ranges}. {@code last} is
 * {@link Integer#MAX_VALUE} for an open range ({@code "5-"}).
 */
public final class PageRange {
    private final int first;
    private final int last;

    /** @throws IllegalArgumentException unless {@code 1 <= first <= last} */
    public PageRange(int first, int last) {
        if (first < 1 || last < first) {
            throw new IllegalArgumentException("bad page range " + first + "-" + last);
        }
        this.first = first;
        this.last = last;
    }

    public int first() {
        return first;
    }

    public int last() {
        return last;
    }

    public boolean contains(int page) {
        return page >= first && page <= last;
    }

    /**
     * Parses {@code "1-3,5,8-"} (spaces allowed). An empty or blank text is the empty list (all pages).
     *
     * @throws IllegalArgumentException for anything else, with the offending part in the message
     */
    public static List<PageRange> parseList(String text) {
        List<PageRange> ranges = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return ranges;
        }
        for (String part : text.split(",")) {
            String p = part.trim();
            try {
                int dash = p.indexOf('-');
                if (dash < 0) {
                    int n = Integer.parseInt(p);
                    ranges.add(new PageRange(n, n));
                } else {
                    int from = Integer.parseInt(p.substring(0, dash).trim());
                    String to = p.substring(dash + 1).trim();
                    ranges.add(new PageRange(from, to.isEmpty() ? Integer.MAX_VALUE : Integer.parseInt(to)));
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("bad page range '" + p + "' in '" + text + "'", e);
            }
        }
        return ranges;
    }

    /** The inverse of {@link #parseList}. */
    public static String format(List<PageRange> ranges) {
        StringBuilder sb = new StringBuilder();
        for (PageRange r : ranges) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(r);
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        if (first == last) {
            return Integer.toString(first);
        }
        return first + "-" + (last == Integer.MAX_VALUE ? "" : Integer.toString(last));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PageRange && ((PageRange) o).first == first && ((PageRange) o).last == last;
    }

    @Override
    public int hashCode() {
        return Objects.hash(first, last);
    }
}
