package org.printhub.api.cirrus.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The byte ranges of a file received so far, merged where they touch. Not thread-safe. */
final class ByteRanges {
    /** start -> end (exclusive); no two entries touch or overlap. */
    private final TreeMap<Long, Long> ranges = new TreeMap<>();

    ByteRanges copy() {
        ByteRanges c = new ByteRanges();
        c.ranges.putAll(ranges);
        return c;
    }

    void add(long start, long end) {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("bad range " + start + "-" + end);
        }
        if (start == end) {
            return;
        }
        long s = start;
        long e = end;
        Map.Entry<Long, Long> before = ranges.floorEntry(s);
        if (before != null && before.getValue() >= s) {
            s = before.getKey();
            e = Math.max(e, before.getValue());
        }
        for (Map.Entry<Long, Long> next = ranges.ceilingEntry(s); next != null && next.getKey() <= e;
                next = ranges.ceilingEntry(s)) {
            e = Math.max(e, next.getValue());
            ranges.remove(next.getKey());
        }
        ranges.put(s, e);
    }

    /** How many separate ranges there would be after {@link #add}ing this one. */
    int countWith(long start, long end) {
        if (start == end) {
            return ranges.size();
        }
        Map.Entry<Long, Long> before = ranges.floorEntry(start);
        long from = before != null && before.getValue() >= start ? before.getKey() : start;
        int merged = ranges.subMap(from, true, end, true).size();
        return ranges.size() - merged + 1;
    }

    /** The end of the received range holding {@code position}, or -1 if that byte is missing. */
    long receivedUntil(long position) {
        Map.Entry<Long, Long> e = ranges.floorEntry(position);
        return e != null && e.getValue() > position ? e.getValue() : -1;
    }

    /** The first received byte after {@code position}, or {@link Long#MAX_VALUE}. */
    long nextReceived(long position) {
        Long next = ranges.higherKey(position);
        return next == null ? Long.MAX_VALUE : next;
    }

    /** One past the last byte received; 0 when nothing was. */
    long length() {
        return ranges.isEmpty() ? 0 : ranges.lastEntry().getValue();
    }

    /** Whether every byte from 0 to {@link #length()} arrived, and at least one did. */
    boolean isComplete() {
        return ranges.size() == 1 && ranges.firstKey() == 0;
    }

    int count() {
        return ranges.size();
    }

    /** The missing ranges before {@link #length()}, each {start, end exclusive}. */
    List<long[]> gaps() {
        List<long[]> gaps = new ArrayList<>();
        long at = 0;
        for (Map.Entry<Long, Long> r : ranges.entrySet()) {
            if (r.getKey() > at) {
                gaps.add(new long[] { at, r.getKey() });
            }
            at = r.getValue();
        }
        return gaps;
    }

    /** Gaps as HTTP-style inclusive ranges, e.g. {@code 0-1023, 4096-8191}; at most {@code max} listed. */
    static String describe(List<long[]> gaps, int max) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < gaps.size() && i < max; i++) {
            b.append(i == 0 ? "" : ", ").append(gaps.get(i)[0]).append('-').append(gaps.get(i)[1] - 1);
        }
        if (gaps.size() > max) {
            b.append(" and ").append(gaps.size() - max).append(" more");
        }
        return b.toString();
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        ranges.forEach((s, e) -> b.append(b.length() == 0 ? "" : ",").append(s).append('-').append(e - 1));
        return b.toString();
    }
}
