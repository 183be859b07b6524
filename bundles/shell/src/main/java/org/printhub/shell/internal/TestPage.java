package org.printhub.shell.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A one-page status page in the first format a device takes of PDF, PostScript and plain text. */
final class TestPage {
    static final String PDF = "application/pdf";
    static final String POSTSCRIPT = "application/postscript";
    static final String TEXT = "text/plain";

    private TestPage() {
    }

    static byte[] render(String format, List<String> lines) {
        switch (format) {
        case PDF:
            return pdf(lines);
        case POSTSCRIPT:
            return postScript(lines);
        default:
            return (String.join("\n", lines) + "\n\f").getBytes(StandardCharsets.UTF_8);
        }
    }

    /** Text in PDF and PostScript strings: only printable ASCII, with the string delimiters escaped. */
    private static String literal(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            char safe = c >= 32 && c < 127 ? c : '?';
            if (safe == '(' || safe == ')' || safe == '\\') {
                b.append('\\');
            }
            b.append(safe);
        }
        return b.toString();
    }

    private static String textOperators(List<String> lines) {
        StringBuilder content = new StringBuilder("BT /F1 14 Tf 72 760 Td 18 TL\n");
        for (String line : lines) {
            content.append('(').append(literal(line)).append(") Tj T*\n");
        }
        return content.append("ET\n").toString();
    }

    private static byte[] pdf(List<String> lines) {
        String content = textOperators(lines);
        List<String> objects = new ArrayList<>();
        objects.add("<< /Type /Catalog /Pages 2 0 R >>");
        objects.add("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
        objects.add("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
                + "/Resources << /Font << /F1 5 0 R >> >> >>");
        objects.add("<< /Length " + content.length() + " >>\nstream\n" + content + "endstream");
        objects.add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, "%PDF-1.4\n");
        List<Integer> offsets = new ArrayList<>();
        for (int i = 0; i < objects.size(); i++) {
            offsets.add(out.size());
            write(out, (i + 1) + " 0 obj\n" + objects.get(i) + "\nendobj\n");
        }
        int xref = out.size();
        StringBuilder table = new StringBuilder("xref\n0 " + (objects.size() + 1) + "\n0000000000 65535 f \n");
        for (int offset : offsets) {
            table.append(String.format("%010d 00000 n \n", offset));
        }
        table.append("trailer\n<< /Size ").append(objects.size() + 1).append(" /Root 1 0 R >>\nstartxref\n")
                .append(xref).append("\n%%EOF\n");
        write(out, table.toString());
        return out.toByteArray();
    }

    private static byte[] postScript(List<String> lines) {
        StringBuilder ps = new StringBuilder("%!PS-Adobe-3.0\n%%Pages: 1\n%%EndComments\n%%Page: 1 1\n"
                + "/Helvetica findfont 14 scalefont setfont\n");
        int y = 760;
        for (String line : lines) {
            ps.append("72 ").append(y).append(" moveto (").append(literal(line)).append(") show\n");
            y -= 18;
        }
        return ps.append("showpage\n%%EOF\n").toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static void write(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
    }
}
