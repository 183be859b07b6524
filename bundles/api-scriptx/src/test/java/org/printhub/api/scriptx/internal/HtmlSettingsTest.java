package org.printhub.api.scriptx.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.ZoneOffset;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.printhub.render.RenderSettings;

import com.google.gson.JsonParser;

class HtmlSettingsTest {
    private static Fields json(String text) {
        return Fields.of(JsonParser.parseString(text));
    }

    @Test
    void theClientsSettingsBecomeRenderSettings() {
        Fields settings = json("{\"Header\":\"&w\",\"footer\":\"&p\",\"headerFooterFont\":\"font-size: 9pt\","
                + "\"locale\":\"en-GB\",\"timezoneOffset\":-60,\"page\":{\"orientation\":1,\"units\":1,"
                + "\"margins\":{\"left\":\"0.5\",\"top\":1,\"bottom\":\"1.0\",\"right\":\"0.25\"}},\"viewScale\":150,"
                + "\"printBackgroundColorsAndImages\":1,\"pageRange\":\"1-3,5\",\"printingPass\":3,"
                + "\"jobTitle\":\"Invoice\",\"documentUrl\":\"https://app.example/i\"}");
        RenderSettings s = HtmlSettings.toRenderSettings(settings, json("{\"PaperSizeName\":\"Letter\"}"), "A4");
        assertTrue(s.landscape());
        assertEquals(215.9, s.paperWidth(), 1e-9);
        assertEquals(12.7, s.marginLeft(), 1e-9);
        assertEquals(25.4, s.marginTop(), 1e-9);
        assertEquals(6.35, s.marginRight(), 1e-9);
        assertEquals(150, s.scalePercent());
        assertTrue(s.printBackground());
        assertEquals(2, s.pageRanges().size());
        assertEquals(RenderSettings.Pass.EVEN, s.pass());
        assertEquals("&w", s.header());
        assertEquals("Invoice", s.jobTitle());
        assertEquals(Locale.UK, s.locale());
        assertEquals(ZoneOffset.ofHours(1), s.zone(), "getTimezoneOffset() -60 is UTC+1");
    }

    @Test
    void defaultsAndWindowsPaperNames() {
        RenderSettings s = HtmlSettings.toRenderSettings(json("{}"), json("{\"paperSizeName\":\"A5 148 x 210 mm\"}"),
                "A4");
        assertEquals(148, s.paperWidth(), 1e-9);
        assertFalse(s.landscape());
        assertEquals(10, s.marginTop(), 1e-9);
        assertEquals(100, s.scalePercent());
        assertFalse(s.printBackground(), "BooleanOption 0 (default) is off, as IE prints");
        assertEquals(210, HtmlSettings.toRenderSettings(json("{\"viewScale\":-1}"), json("{\"paperSizeName\":"
                + "\"Custom thing\"}"), "A4").paperWidth(), 1e-9);
    }

    @Test
    void badValuesSayWhich() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HtmlSettings
                .toRenderSettings(json("{\"pageRange\":\"3-1\"}"), json("{}"), "A4"));
        assertTrue(e.getMessage().startsWith("bad pageRange"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> HtmlSettings.toRenderSettings(
                json("{\"page\":{\"margins\":{\"left\":\"wide\"}}}"), json("{}"), "A4"));
        assertTrue(e.getMessage().contains("left"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> HtmlSettings.toRenderSettings(
                json("{\"page\":{\"margins\":{\"left\":\"-5\"}}}"), json("{}"), "A4"));
    }

    @Test
    void fieldsIgnoreCaseAndAcceptTheClientsShapes() {
        Fields f = json("{\"ContentType\":\"4\",\"COLLATE\":true,\"copies\":2.0,\"other\":{\"x\":1},\"n\":null}");
        assertEquals(4, f.integer("contentType", 0));
        assertEquals(1, f.integer("collate", 0), "true is BooleanOption 1");
        assertEquals(2, f.integer("copies", 1));
        assertEquals(7, f.integer("n", 7));
        assertThrows(IllegalArgumentException.class, () -> f.integer("other", 0));
        assertEquals("", Fields.of(JsonParser.parseString("[1]")).string("x", ""));
    }

    @Test
    void innerHtmlIsWrappedWithItsBase() {
        assertEquals("<!DOCTYPE html><html><base href=\"https://a.example/x/\"><body>b</body></html>",
                ScriptxJobs.wrapInnerHtml("<body>b</body>", URI.create("https://a.example/x/")));
        assertEquals("<!DOCTYPE html><html><p>x</p></html>", ScriptxJobs.wrapInnerHtml("<p>x</p>", null));
    }
}
