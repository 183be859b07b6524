package org.printhub.device.gcode.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import org.printhub.device.gcode.internal.MarlinReplies.Heater;
import org.printhub.device.gcode.internal.MarlinReplies.Position;

class MarlinRepliesTest {

    @Test
    void framesLinesAsOctoPrintDoes() {
        assertEquals("N0 M110 N0*125", MarlinReplies.frame(0, "M110 N0")); // OctoPrint's own first line
        assertEquals("N1 M155 S2*98", MarlinReplies.frame(1, "M155 S2"));
    }

    @Test
    void readsTemperatureReports() {
        assertEquals(Map.of("tool0", new Heater(210.0, 210.0), "bed", new Heater(60.0, 60.0)),
                MarlinReplies.temperatures("ok T:210.0 /210.0 B:60.0 /60.0 @:0 B@:0"));
        assertEquals(Map.of("tool0", new Heater(23.4, 0.0), "bed", new Heater(22.1, 0.0)),
                MarlinReplies.temperatures("T:23.40 /0.00 B:22.10 /0.00 @:0 B@:0")); // M155 auto-report
        assertEquals(Map.of("tool0", new Heater(190.5, 210.0), "tool1", new Heater(25.0, 0.0), "bed", new Heater(60.0, 60.0),
                "chamber", new Heater(30.0, Double.NaN)),
                MarlinReplies.temperatures("T:190.5 /210.0 B:60.0 /60.0 T0:190.5 /210.0 T1:25.0 /0.0 C:30.0 @:127 B@:0"));
        assertEquals(Map.of("tool0", new Heater(205.3, 210.0), "bed", new Heater(59.9, 60.0)),
                MarlinReplies.temperatures("T:205.3 /210.0 B:59.9 /60.0 @:64 B@:0 W:?")); // M109 waiting
        assertTrue(MarlinReplies.temperatures("ok").isEmpty());
        assertTrue(MarlinReplies.temperatures("echo:  M301 P22.20 I1.08 D114.00").isEmpty());
        assertTrue(MarlinReplies.temperatures("X:10.00 Y:20.00 Z:0.30 E:5.00 Count X:800 Y:1600 Z:120").isEmpty());
    }

    @Test
    void readsWhatTheProtocolTurnsOn() {
        assertTrue(MarlinReplies.isOk("ok"));
        assertTrue(MarlinReplies.isOk("ok N12 P15 B3"));
        assertTrue(MarlinReplies.isOk("ok T:20 /0 B:20 /0"));
        assertFalse(MarlinReplies.isOk("okay"));
        assertEquals(OptionalLong.of(6), MarlinReplies.resend("Resend: 6"));
        assertEquals(OptionalLong.of(6), MarlinReplies.resend("Resend:6"));
        assertEquals(OptionalLong.of(7), MarlinReplies.resend("rs N7"));
        assertEquals(OptionalLong.of(8), MarlinReplies.resend("rs 8"));
        assertEquals(OptionalLong.empty(), MarlinReplies.resend("Error:checksum mismatch, Last Line: 5"));
        assertTrue(MarlinReplies.isKeepAlive("echo:busy: processing"));
        assertTrue(MarlinReplies.isKeepAlive("busy: paused for user"));
        assertTrue(MarlinReplies.isKeepAlive("wait"));
        assertTrue(MarlinReplies.isStart("start"));
        assertFalse(MarlinReplies.isStart("echo:start of print"));
        assertTrue(MarlinReplies.isHalt("Error:Printer halted. kill() called!"));
        assertTrue(MarlinReplies.isHalt("!!"));
        assertFalse(MarlinReplies.isHalt("Error:Line Number is not Last Line Number+1, Last Line: 4"));
    }

    @Test
    void readsThePositionOfM114() {
        assertEquals(Optional.of(new Position("10.00", "-2.50", "0.30", "1234.56789")),
                MarlinReplies.position("X:10.00 Y:-2.50 Z:0.30 E:1234.56789 Count X:800 Y:1600 Z:120"));
        assertEquals(Optional.empty(), MarlinReplies.position("ok"));
    }
}
