package org.printhub.api.cirrus.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.printhub.job.ColorMode;
import org.printhub.job.JobTicket;
import org.printhub.job.Orientation;
import org.printhub.job.Scaling;
import org.printhub.job.Sides;

class PropsTest {

    @Test
    void parsesLineFeedsSemicolonsAndCrLf() {
        assertEquals(Map.of("copies", "2", "duplex", "3", "tray", "Tray 2"),
                Props.parse("copies=2\nduplex=3\r\ntray = Tray 2\n\n"));
        assertEquals(List.of("copies", "color"), List.copyOf(Props.parse("copies=2;color=1;").keySet()));
        assertEquals(Map.of(), Props.parse(null));
        assertEquals(Map.of(), Props.parse(" ; \n"));
    }

    @Test
    void aLaterNameReplacesAnEarlierOneWhateverItsCase() {
        assertEquals(Map.of("COPIES", "3"), Props.parse("copies=2;COPIES=3"));
    }

    @Test
    void refusesEntriesThatAreNotNameValue() {
        CirrusError e = assertThrows(CirrusError.class, () -> Props.parse("copies=2;duplex"));
        assertTrue(e.isFailure());
        assertEquals("props: 'duplex' is not name=value", e.getMessage());
        assertThrows(CirrusError.class, () -> Props.parse("=2"));
        assertThrows(CirrusError.class, () -> Props.parse("a=\u0007"));
    }

    @Test
    void refusesTooManyProperties() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i <= Props.MAX_PROPS; i++) {
            b.append("p").append(i).append("=1;");
        }
        assertThrows(CirrusError.class, () -> Props.parse(b.toString()));
    }

    @Test
    void mapsEveryKnownPropertyOntoTheTicket() {
        JobTicket t = Props.toTicket(Props.parse(
                "color=2\ncopies=5\ncollate=0\nduplex=2\norientation=2\npriority=70\nscale=2\ntray=Manual\nsize=A4"));
        assertEquals(ColorMode.COLOR, t.colorMode());
        assertEquals(5, t.copies());
        assertFalse(t.collate());
        assertEquals(Sides.TWO_SIDED_LONG_EDGE, t.sides());
        assertEquals(Orientation.LANDSCAPE, t.orientation());
        assertEquals(70, t.priority());
        assertEquals(Scaling.NONE, t.scaling());
        assertEquals("Manual", t.extensions().get(Props.TRAY_EXTENSION));
        assertEquals("iso_a4_210x297mm", t.media());
    }

    @Test
    void mapsTheOtherCodes() {
        JobTicket t = Props.toTicket(Props.parse("color=1;duplex=3;orientation=1;scale=0;collate=1;size=Letter"));
        assertEquals(ColorMode.MONOCHROME, t.colorMode());
        assertEquals(Sides.TWO_SIDED_SHORT_EDGE, t.sides());
        assertEquals(Orientation.PORTRAIT, t.orientation());
        assertEquals(Scaling.FIT, t.scaling());
        assertTrue(t.collate());
        assertEquals("na_letter_8.5x11in", t.media());
        assertEquals(Sides.ONE_SIDED, Props.toTicket(Map.of("duplex", "1")).sides());
        assertEquals(Scaling.AUTO_FIT, Props.toTicket(Map.of("scale", "1")).scaling());
        assertEquals("iso_a5_148x210mm", Props.toTicket(Map.of("size", "iso_a5_148x210mm")).media());
    }

    @Test
    void keepsUnknownNamesAsExtensions() {
        JobTicket t = Props.toTicket(Props.parse("bmp=600\ncustsize=MediaType=Plain\nfinisher=staple"));
        assertEquals(Map.of("bmp", "600", "custsize", "MediaType=Plain", "finisher", "staple"), t.extensions());
        assertNull(t.media());
    }

    @Test
    void refusesOutOfRangeValuesNamingTheProperty() {
        assertEquals("props: copies must be 1 to 99, not '0'",
                assertThrows(CirrusError.class, () -> Props.toTicket(Map.of("copies", "0"))).getMessage());
        assertThrows(CirrusError.class, () -> Props.toTicket(Map.of("copies", "100")));
        assertThrows(CirrusError.class, () -> Props.toTicket(Map.of("duplex", "4")));
        assertThrows(CirrusError.class, () -> Props.toTicket(Map.of("color", "color")));
        assertThrows(CirrusError.class, () -> Props.toTicket(Map.of("priority", "0")));
        assertThrows(CirrusError.class, () -> Props.toTicket(Map.of("tray", "")));
    }

    @Test
    void jobPropsWinOverDeviceDefaults() {
        Map<String, String> applied = Props.overlay(Props.parse("copies=2;duplex=2;tray=Upper"),
                Props.parse("Copies=3\ncolor=1"));
        assertEquals(Map.of("duplex", "2", "tray", "Upper", "Copies", "3", "color", "1"), applied);
        JobTicket t = Props.toTicket(applied);
        assertEquals(3, t.copies());
        assertEquals(Sides.TWO_SIDED_LONG_EDGE, t.sides());
        assertEquals(ColorMode.MONOCHROME, t.colorMode());
    }

    @Test
    void formatsRoundTrip() {
        Map<String, String> props = Props.parse("copies=2;tray=Tray 1;x=a=b");
        assertEquals("copies=2\ntray=Tray 1\nx=a=b", Props.format(props));
        assertEquals(props, Props.parse(Props.format(props)));
    }
}
