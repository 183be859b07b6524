package org.printhub.api.cirrus.internal;

/** Client-supplied text made safe to echo in a one-line message. */
final class Texts {
    private Texts() {
    }

    static String clip(String text) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < text.length() && b.length() < 80; i++) {
            char c = text.charAt(i);
            b.append(Character.isISOControl(c) ? '?' : c);
        }
        return b.length() < text.length() ? b + "..." : b.toString();
    }
}
