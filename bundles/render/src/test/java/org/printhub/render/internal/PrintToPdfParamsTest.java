package org.printhub.render.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.printhub.render.RenderSettings;

import com.google.gson.JsonObject;

class PrintToPdfParamsTest {
    @Test
    void scriptxSettingsMapOneToOne() {
        JsonObject p = PrintToPdfParams.of(RenderSettings.builder().paper("Letter").landscape(true)
                .margins(25.4, 12.7, 0, 50.8).printBackground(true).scalePercent(150).header("&w").build());
        assertTrue(p.get("landscape").getAsBoolean());
        assertEquals(8.5, p.get("paperWidth").getAsDouble(), 1e-9);
        assertEquals(11, p.get("paperHeight").getAsDouble(), 1e-9);
        assertEquals(1, p.get("marginTop").getAsDouble(), 1e-9);
        assertEquals(0.5, p.get("marginRight").getAsDouble(), 1e-9);
        assertEquals(0, p.get("marginBottom").getAsDouble(), 1e-9);
        assertEquals(2, p.get("marginLeft").getAsDouble(), 1e-9);
        assertTrue(p.get("printBackground").getAsBoolean());
        assertEquals(1.5, p.get("scale").getAsDouble(), 1e-9);
        assertTrue(p.get("displayHeaderFooter").getAsBoolean());
        assertTrue(p.get("headerTemplate").getAsString().contains("class=\"title\""));
        assertEquals("<span></span>", p.get("footerTemplate").getAsString(), "no Chromium default footer");
        assertEquals("ReturnAsStream", p.get("transferMode").getAsString());
        assertFalse(p.get("preferCSSPageSize").getAsBoolean());
        assertFalse(p.has("pageRanges"), "ranges are cut afterwards, numbering stays the whole document's");
    }

    @Test
    void defaultsAreA4PortraitWithoutHeaders() {
        JsonObject p = PrintToPdfParams.of(RenderSettings.builder().build());
        assertFalse(p.get("landscape").getAsBoolean());
        assertEquals(210 / 25.4, p.get("paperWidth").getAsDouble(), 1e-9);
        assertEquals(297 / 25.4, p.get("paperHeight").getAsDouble(), 1e-9);
        assertFalse(p.get("displayHeaderFooter").getAsBoolean());
        assertFalse(p.has("headerTemplate"));
        assertEquals(1.0, p.get("scale").getAsDouble(), 1e-9);
        assertFalse(p.get("printBackground").getAsBoolean());
    }
}
