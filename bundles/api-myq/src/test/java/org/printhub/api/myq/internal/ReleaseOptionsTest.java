package org.printhub.api.myq.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.printhub.job.ColorMode;
import org.printhub.job.JobTicket;
import org.printhub.job.Sides;

import com.google.gson.JsonParser;

class ReleaseOptionsTest {
    private static ReleaseOptions parse(String json) {
        return ReleaseOptions.parse(JsonParser.parseString(json));
    }

    @Test
    void zeroKeepsWhatTheJobSays() {
        JobTicket ticket = JobTicket.builder().copies(3).sides(Sides.TWO_SIDED_SHORT_EDGE).colorMode(ColorMode.COLOR)
                .build();
        ReleaseOptions none = parse("{\"copies\":0,\"duplex\":0,\"color\":0,\"stapling\":0,\"punching\":0,"
                + "\"tonerSaving\":0}");
        assertFalse(none.changesTicket());
        assertEquals(ticket, none.applyTo(ticket));
        assertSame(ReleaseOptions.NONE, ReleaseOptions.parse(null));
    }

    @Test
    void optionsChangeTheTicket() {
        JobTicket t = parse("{\"copies\":2,\"duplex\":2,\"color\":2,\"stapling\":1}").applyTo(JobTicket.defaults());
        assertEquals(2, t.copies());
        assertEquals(Sides.TWO_SIDED_LONG_EDGE, t.sides());
        assertEquals(ColorMode.MONOCHROME, t.colorMode());
        assertEquals("1", t.extensions().get("myq.stapling"));
        assertEquals(Sides.ONE_SIDED, parse("{\"duplex\":1}").applyTo(t).sides());
        assertEquals(Sides.TWO_SIDED_SHORT_EDGE, parse("{\"duplex\":3}").applyTo(t).sides());
        assertEquals(ColorMode.COLOR, parse("{\"color\":1}").applyTo(t).colorMode());
    }

    @Test
    void badOptionsAreNamed() {
        for (String bad : new String[] { "{\"copies\":-1}", "{\"copies\":1000}", "{\"duplex\":4}", "{\"color\":1.5}",
                "{\"color\":\"mono\"}", "{\"glitter\":1}", "[1]" }) {
            MyqException e = assertThrows(MyqException.class, () -> parse(bad), bad);
            assertEquals(400, e.status);
            assertTrue(e.getMessage().contains("releaseOptions"), e.getMessage());
        }
    }
}
