package org.printhub.api.myq.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.printhub.api.myq.internal.ByteRange.NotSatisfiableException;

class ByteRangeTest {
    private static ByteRange range(String header, long size) throws NotSatisfiableException {
        return ByteRange.parse(header, size).orElseThrow();
    }

    @Test
    void noHeaderOtherUnitsAndSeveralRangesMeanTheWholeData() throws Exception {
        assertEquals(Optional.empty(), ByteRange.parse(null, 10));
        assertEquals(Optional.empty(), ByteRange.parse(" ", 10));
        assertEquals(Optional.empty(), ByteRange.parse("pages=1-2", 10));
        assertEquals(Optional.empty(), ByteRange.parse("bytes=0-1,4-5", 10));
    }

    @Test
    void closedOpenAndSuffixRanges() throws Exception {
        ByteRange r = range("bytes=2-5", 10);
        assertEquals(2, r.first);
        assertEquals(5, r.last);
        assertEquals(4, r.length());
        assertEquals("bytes 2-5/10", r.contentRange(10));
        assertEquals(9, range("bytes=7-", 10).last);
        assertEquals(7, range("bytes=-3", 10).first);
        assertEquals(0, range("bytes=-30", 10).first);
        assertEquals(9, range("BYTES=0 - 99", 10).last);
    }

    @Test
    void aRangeStartingAtOrAfterTheEndIsNotSatisfiable() {
        assertThrows(NotSatisfiableException.class, () -> ByteRange.parse("bytes=10-", 10));
        assertThrows(NotSatisfiableException.class, () -> ByteRange.parse("bytes=10-20", 10));
        assertThrows(NotSatisfiableException.class, () -> ByteRange.parse("bytes=-0", 10));
        assertThrows(NotSatisfiableException.class, () -> ByteRange.parse("bytes=0-", 0));
    }

    @Test
    void malformedByteRangesAreNotSatisfiable() {
        for (String bad : new String[] { "bytes=", "bytes=-", "bytes=5-2", "bytes=a-b", "bytes=1-2-3",
                "bytes=99999999999999999999-" }) {
            NotSatisfiableException e = assertThrows(NotSatisfiableException.class, () -> ByteRange.parse(bad, 10), bad);
            assertTrue(e.getMessage().contains("range"), e.getMessage());
        }
    }
}
