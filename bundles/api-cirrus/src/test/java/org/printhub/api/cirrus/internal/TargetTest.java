package org.printhub.api.cirrus.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

class TargetTest {

    @Test
    void parsesASemicolonList() {
        List<Target> t = Target.parseList(" HQ:pdf ; Branch:laser;;HQ:pdf");
        assertEquals("HQ:pdf Branch:laser", t.stream().map(Target::toString).collect(Collectors.joining(" ")));
        assertEquals("Branch", t.get(1).location());
        assertEquals("laser", t.get(1).device());
    }

    @Test
    void refusesWhatIsNotLocIdColonDevId() {
        for (String bad : new String[] { "HQ", ":pdf", "HQ:", "a:b:c", " ; " }) {
            assertEquals(true, assertThrows(CirrusError.class, () -> Target.parseList(bad)).isFailure(), bad);
        }
    }

    @Test
    void refusesTooManyTargets() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i <= Target.MAX_TARGETS; i++) {
            b.append("L:d").append(i).append(';');
        }
        assertThrows(CirrusError.class, () -> Target.parseList(b.toString()));
    }
}
