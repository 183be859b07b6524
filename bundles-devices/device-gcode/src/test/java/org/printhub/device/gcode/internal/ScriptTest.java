package org.printhub.device.gcode.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.printhub.device.testing.Configs;

class ScriptTest {

    @Test
    void splitsAtBarsAndNewLinesAndDropsComments() {
        Script s = Script.parse("cancelScript", "M104 S0 ; nozzle off|M140 S0\n\nG91|  |;only a comment\r\nG1 Z10");
        assertEquals(List.of("M104 S0", "M140 S0", "G91", "G1 Z10"), s.lines());
    }

    @Test
    void fillsInKnownValuesAndLeavesOutLinesWithUnknownOnes() {
        Script s = Script.parse("resumeScript", "G1 X{x} Y{y} F6000|G1 F{f}|{extrusion}");
        assertEquals(List.of("G1 X10.00 Y20.00 F6000", "M83"),
                s.render(Map.of("x", "10.00", "y", "20.00", "extrusion", "M83")));
    }

    @Test
    void theDefaultsAreMarlinScripts() {
        Scripts s = Scripts.of(Configs.of(Config.class));
        assertEquals(List.of("M400"), s.end().lines());
        assertEquals(List.of("M104 S0", "M140 S0", "M107", "G91", "G1 Z10 F600", "G90", "G28 X Y", "M84"), s.cancel().lines());
        assertEquals("M114", s.pause().lines().get(1));
    }

    @Test
    void refusesALineNoPrinterTakes() {
        assertEquals("pauseScript: a line is longer than 256 characters: '" + "G".repeat(40) + "...'",
                assertThrows(IllegalArgumentException.class, () -> Script.parse("pauseScript", "G".repeat(300))).getMessage());
    }
}
