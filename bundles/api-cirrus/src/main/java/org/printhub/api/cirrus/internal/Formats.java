package org.printhub.api.cirrus.internal;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.printhub.device.DeviceInfo;

/**
 * Document formats: CirrusPrint names them by file extension ({@code pdf}, {@code pcl}, {@code ps}, {@code txt}),
 * the core by MIME type. CirrusPrint uploads carry no type, so it comes from the title's extension or, without one,
 * from the document's first bytes.
 */
final class Formats {
    static final String PDF = "application/pdf";
    static final String POSTSCRIPT = "application/postscript";
    static final String PCL = "application/vnd.hp-pcl";
    static final String TEXT = "text/plain";
    static final String ANY = DeviceInfo.ANY_FORMAT;

    private static final Map<String, String> BY_EXTENSION = Map.of("pdf", PDF, "ps", POSTSCRIPT, "eps", POSTSCRIPT,
            "pcl", PCL, "pcl6", PCL, "pxl", PCL, "prn", ANY, "txt", TEXT, "text", TEXT);

    private Formats() {
    }

    /** The lower-case extension of a title, or empty. */
    static String extension(String title) {
        int dot = title.lastIndexOf('.');
        if (dot < 0 || dot == title.length() - 1 || title.length() - dot > 8) {
            return "";
        }
        String ext = title.substring(dot + 1).toLowerCase(Locale.ROOT);
        return ext.chars().allMatch(Character::isLetterOrDigit) ? ext : "";
    }

    /** The MIME type for a title's extension, or {@code null} when the extension says nothing. */
    static String byTitle(String title) {
        String mime = BY_EXTENSION.get(extension(title));
        return ANY.equals(mime) ? null : mime;
    }

    /**
     * The MIME type the first bytes show: PDF, PostScript or PCL (a printer reset or PJL header), else
     * {@link #ANY}. {@code in} must support mark; it is reset to where it was.
     */
    static String sniff(BufferedInputStream in) throws IOException {
        in.mark(16);
        byte[] head = in.readNBytes(16);
        in.reset();
        String text = new String(head, StandardCharsets.ISO_8859_1);
        if (text.startsWith("%PDF-")) {
            return PDF;
        }
        if (text.startsWith("%!")) {
            return POSTSCRIPT;
        }
        if (text.startsWith("\u001bE") || text.startsWith("\u001b%-12345X")) {
            return PCL;
        }
        return ANY;
    }

    /** A document's stream with its type decided: by title, else by content. */
    static String decide(String title, BufferedInputStream in) throws IOException {
        String byTitle = byTitle(title);
        return byTitle != null ? byTitle : sniff(in);
    }

    /** The extension {@code Ext} shows: the title's, else the format's. */
    static String extensionFor(String title, String mimeType) {
        String ext = extension(title);
        if (!ext.isEmpty()) {
            return ext;
        }
        switch (mimeType) {
            case PDF:
                return "pdf";
            case POSTSCRIPT:
                return "ps";
            case PCL:
                return "pcl";
            case TEXT:
                return "txt";
            default:
                return "";
        }
    }

    /** A device's formats by CirrusPrint name: {@code any} for a device that takes every format. */
    static Set<String> cirrusNames(Set<String> mimeTypes) {
        Set<String> names = new TreeSet<>();
        for (String m : mimeTypes) {
            switch (m) {
                case ANY:
                    return Set.of("any");
                case PDF:
                    names.add("pdf");
                    break;
                case POSTSCRIPT:
                    names.add("ps");
                    break;
                case PCL:
                    names.add("pcl");
                    names.add("pcl6");
                    break;
                case TEXT:
                    names.add("txt");
                    break;
                default:
                    break;
            }
        }
        return names;
    }
}
