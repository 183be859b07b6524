package org.printhub.api.cirrus.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class ByteRangesTest {

    @Test
    void mergesTouchingAndOverlappingRangesInAnyOrder() {
        ByteRanges r = new ByteRanges();
        r.add(200, 300);
        r.add(0, 100);
        assertEquals("0-99,200-299", r.toString());
        assertFalse(r.isComplete());
        r.add(100, 200);
        assertEquals("0-299", r.toString());
        assertTrue(r.isComplete());
        r.add(50, 150);
        assertEquals("0-299", r.toString());
        assertEquals(300, r.length());
    }

    @Test
    void aRangeSpanningSeveralSwallowsThem() {
        ByteRanges r = new ByteRanges();
        r.add(10, 20);
        r.add(30, 40);
        r.add(50, 60);
        assertEquals(2, r.countWith(15, 35));
        assertEquals(4, r.countWith(70, 80));
        assertEquals(2, r.countWith(20, 30), "touching both neighbours joins them");
        assertEquals(1, r.countWith(0, 100));
        r.add(5, 55);
        assertEquals("5-59", r.toString());
    }

    @Test
    void listsTheGapsBeforeTheEnd() {
        ByteRanges r = new ByteRanges();
        r.add(100, 200);
        r.add(300, 400);
        List<long[]> gaps = r.gaps();
        assertEquals(2, gaps.size());
        assertEquals("0-99, 200-299", ByteRanges.describe(gaps, 10));
        assertEquals("0-99 and 1 more", ByteRanges.describe(gaps, 1));
    }

    @Test
    void knowsWhichBytesArrived() {
        ByteRanges r = new ByteRanges();
        r.add(100, 200);
        assertEquals(-1, r.receivedUntil(99));
        assertEquals(200, r.receivedUntil(100));
        assertEquals(200, r.receivedUntil(199));
        assertEquals(-1, r.receivedUntil(200));
        assertEquals(100, r.nextReceived(0));
        assertEquals(Long.MAX_VALUE, r.nextReceived(100));
    }

    @Test
    void nothingReceivedIsNotComplete() {
        ByteRanges r = new ByteRanges();
        r.add(0, 0);
        assertFalse(r.isComplete());
        assertEquals(0, r.length());
    }
}
