package org.printhub.device.lpd.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import org.printhub.job.DocumentInfo;
import org.printhub.job.Job;

/**
 * The control file of one LPD job (RFC 1179 §7) and the names of its files. Every value is cleaned so that no
 * job name, owner or document name can end its line and add a command of its own, and cut to the RFC's lengths.
 */
final class ControlFile {
    /** A data file's letter after {@code df}: A-Z then a-z (RFC 1179 §6.3 names them {@code dfA}, {@code dfB}, ...). */
    static final String LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private final String host;
    private final String number;
    private final String text;

    ControlFile(Job job, String clientHost, boolean banner, int copies) {
        this.host = hostName(clientHost);
        this.number = String.format(Locale.ROOT, "%03d", job.id() % 1000);
        String user = userName(job.owner());
        String title = line(job.name().isBlank() ? "printhub job " + job.id() : job.name(), 99);
        StringBuilder b = new StringBuilder();
        b.append('H').append(host).append('\n');
        b.append('P').append(user).append('\n');
        b.append('J').append(title).append('\n');
        if (banner) {
            b.append('C').append(host).append('\n');
            b.append('L').append(user).append('\n');
        }
        List<DocumentInfo> documents = job.documents();
        for (DocumentInfo document : documents) {
            String file = dataFileName(document.index());
            for (int i = 0; i < copies; i++) {
                b.append('l').append(file).append('\n');
            }
            b.append('U').append(file).append('\n');
            b.append('N').append(line(document.name().isBlank() ? title : document.name(), 131)).append('\n');
        }
        this.text = b.toString();
    }

    String name() {
        return "cfA" + number + host;
    }

    String dataFileName(int index) {
        return "df" + LETTERS.charAt(index) + number + host;
    }

    byte[] bytes() {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The host name as LPD wants it: letters, digits, dots and dashes, at most 31 characters. */
    static String hostName(String name) {
        String h = name.replaceAll("[^A-Za-z0-9.-]", "").replaceAll("^[.-]+", "");
        h = h.length() > 31 ? h.substring(0, 31) : h;
        return h.isEmpty() ? "printhub" : h;
    }

    /** A user name: letters, digits and {@code . _ -}, at most 31 characters; {@code printhub} when empty. */
    static String userName(String owner) {
        String u = owner.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("^[-_.]+", "");
        u = u.length() > 31 ? u.substring(0, 31) : u;
        return u.isEmpty() ? "printhub" : u;
    }

    /** Free text on one line: control characters become spaces; cut to {@code maxBytes} of UTF-8 on a whole character. */
    static String line(String text, int maxBytes) {
        String s = text.replaceAll("[\\p{Cc}\\u2028\\u2029]+", " ").strip();
        while (s.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
            s = s.substring(0, s.offsetByCodePoints(s.length(), -1));
        }
        return s;
    }
}
