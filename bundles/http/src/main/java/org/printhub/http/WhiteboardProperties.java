package org.printhub.http;

import java.util.Dictionary;
import java.util.Hashtable;

/** Service properties for servlets registered with the OSGi servlet whiteboard on one listener. */
public final class WhiteboardProperties {
    private WhiteboardProperties() {
    }

    /**
     * Properties for a servlet served at {@code patterns} on the listener selected by {@code target}.
     *
     * @param target the filter {@link HttpEndpoints#open(String, int)} returned
     * @param servletName the servlet's name, as the whiteboard runtime reports it
     * @param patterns servlet patterns such as {@code /api/*}
     */
    public static Dictionary<String, Object> servlet(String target, String servletName, String... patterns) {
        if (patterns.length == 0) {
            throw new IllegalArgumentException("a servlet needs at least one pattern");
        }
        Hashtable<String, Object> p = new Hashtable<>();
        p.put("osgi.http.whiteboard.target", target);
        p.put("osgi.http.whiteboard.servlet.name", servletName);
        p.put("osgi.http.whiteboard.servlet.pattern", patterns.clone());
        return p;
    }
}
