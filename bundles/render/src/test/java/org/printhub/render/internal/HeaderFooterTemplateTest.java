package org.printhub.render.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.printhub.render.RenderSettings;

class HeaderFooterTemplateTest {
    private static final Instant WHEN = Instant.parse("2026-03-04T21:30:00Z");

    private static String parts(String codes, RenderSettings s) {
        String t = HeaderFooterTemplate.of(codes, s, true);
        // the three spans' contents, separated by |
        return t.replaceAll("^.*?<span style=\"flex:1;text-align:left\">", "")
                .replaceAll("</span><span style=\"flex:1;text-align:(center|right)\">", "|")
                .replaceAll("</span></div>$", "");
    }

    private static RenderSettings.Builder settings() {
        return RenderSettings.builder().printedAt(WHEN);
    }

    @Test
    void ampersandBMovesToCentreThenRight() {
        RenderSettings s = settings().build();
        assertEquals("<span class=\"title\"></span>|Page <span class=\"pageNumber\"></span> of "
                + "<span class=\"totalPages\"></span>|", parts("&w&bPage &p of &P", s));
        assertEquals("left||right", parts("left&b&bright", s));
        assertEquals("a|b|cd", parts("a&bb&bc&bd", s));
    }

    @Test
    void titleAndUrlComeFromTheSettingsWhenGiven() {
        RenderSettings s = settings().jobTitle("Invoice <42>").documentUrl("https://app.example/?a=1&b=2").build();
        assertEquals("Invoice &lt;42&gt;|https://app.example/?a=1&amp;b=2|", parts("&w&b&u", s));
        assertEquals("<span class=\"url\"></span>||", parts("&u", settings().build()));
    }

    @Test
    void datesAndTimesInTheReadersZoneAndLocale() {
        RenderSettings uk = settings().locale(Locale.UK).zone(ZoneOffset.ofHours(5)).build();
        assertEquals("05/03/2026 02:30||", parts("&d &T", uk));
        RenderSettings us = settings().locale(Locale.US).zone(ZoneOffset.UTC).build();
        assertEquals("3/4/26||", parts("&d", us));
        assertTrue(parts("&D", us).startsWith("March 4, 2026"));
        assertTrue(parts("&t", us).startsWith("9:30"));
    }

    @Test
    void literalAmpersandsAndUnknownCodesAndMarkup() {
        RenderSettings s = settings().build();
        assertEquals("Smith &amp; Co||", parts("Smith && Co", s));
        assertEquals("&amp;x &amp;||", parts("&x &", s));
        assertEquals("&lt;script&gt;alert(1)&lt;/script&gt;||", parts("<script>alert(1)</script>", s));
    }

    @Test
    void fontCssCannotLeaveTheStyleAttribute() {
        RenderSettings s = settings().headerFooterFont("font-family: Arial\"><script>x</script>; font-size: 10pt")
                .build();
        String t = HeaderFooterTemplate.of("x", s, false);
        assertFalse(t.contains("<script>"), t);
        assertTrue(t.contains("font-family: Arialscriptx/script; font-size: 10pt;"), t);
        assertEquals("<span></span>", HeaderFooterTemplate.of("", s, true));
    }
}
