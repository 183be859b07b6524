package org.printhub.device.ipp.internal;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.printhub.device.PrintTask;
import org.printhub.job.DocumentInfo;
import org.printhub.job.Job;
import org.printhub.job.JobTicket;

/** What the core hands a driver, scripted: documents in memory, and a document stream that can pause midway. */
final class TestTask implements PrintTask {
    final List<byte[]> contents = new ArrayList<>();
    final List<String> messages = new CopyOnWriteArrayList<>();
    final List<Integer> pages = new CopyOnWriteArrayList<>();
    private final Job.Builder job;
    private final List<DocumentInfo> documents = new ArrayList<>();
    private Job built;
    /** When set, a document stream stops after {@link #pauseAfterBytes} until {@link #resume} counts down. */
    long pauseAfterBytes = -1;
    final CountDownLatch paused = new CountDownLatch(1);
    final CountDownLatch resume = new CountDownLatch(1);

    TestTask(long id, String name) {
        job = Job.builder().id(id).token(String.format("%032x", id)).deviceId("office").name(name).owner("alice")
                .createdAt(Instant.parse("2026-01-02T03:04:05Z"));
    }

    TestTask ticket(JobTicket ticket) {
        job.ticket(ticket);
        return this;
    }

    TestTask document(String name, String mimeType, byte[] content) {
        documents.add(new DocumentInfo(documents.size(), name, mimeType, content.length, sha256(content)));
        contents.add(content);
        return this;
    }

    static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /**
     * Random bytes behind a PDF header: what ippeveprinter checks of a PDF (nothing beyond the format it is told),
     * at any size. It refuses application/octet-stream it cannot recognise.
     */
    static byte[] pdfLike(int size, long seed) {
        byte[] bytes = randomBytes(size, seed);
        byte[] header = "%PDF-1.4\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(header, 0, bytes, 0, header.length);
        return bytes;
    }

    /** A small, valid one-page PDF, different for each {@code text}. */
    static byte[] pdf(String text) {
        String stream = "BT /F1 24 Tf 72 720 Td (" + text + ") Tj ET";
        List<String> objects = List.of("<< /Type /Catalog /Pages 2 0 R >>",
                "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
                        + "/Resources << /Font << /F1 5 0 R >> >> >>",
                "<< /Length " + stream.length() + " >>\nstream\n" + stream + "\nendstream",
                "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
        StringBuilder pdf = new StringBuilder("%PDF-1.4\n");
        List<Integer> offsets = new ArrayList<>();
        for (int i = 0; i < objects.size(); i++) {
            offsets.add(pdf.length());
            pdf.append(i + 1).append(" 0 obj\n").append(objects.get(i)).append("\nendobj\n");
        }
        int xref = pdf.length();
        pdf.append("xref\n0 ").append(objects.size() + 1).append("\n0000000000 65535 f \n");
        offsets.forEach(o -> pdf.append(String.format("%010d 00000 n \n", o)));
        pdf.append("trailer\n<< /Size ").append(objects.size() + 1).append(" /Root 1 0 R >>\nstartxref\n")
                .append(xref).append("\n%%EOF\n");
        return pdf.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public Job job() {
        if (built == null) {
            built = job.documents(documents).build();
        }
        return built;
    }

    @Override
    public InputStream openDocument(int index) {
        InputStream in = new ByteArrayInputStream(contents.get(index));
        return pauseAfterBytes < 0 ? in : new FilterInputStream(in) {
            private long read;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (read >= pauseAfterBytes && resume.getCount() > 0) {
                    paused.countDown();
                    try {
                        resume.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        throw new java.io.InterruptedIOException();
                    }
                }
                int allowed = resume.getCount() == 0 ? len : (int) Math.min(len, Math.max(1, pauseAfterBytes - read));
                int n = super.read(b, off, allowed);
                read += Math.max(n, 0);
                return n;
            }
        };
    }

    @Override
    public void reportPages(int pagesCompleted) {
        pages.add(pagesCompleted);
    }

    @Override
    public void reportMessage(String message) {
        messages.add(message);
    }

    @Override
    public boolean isCanceled() {
        return false;
    }

    @Override
    public void checkpoint() {
    }

    String lastMessage() {
        return messages.isEmpty() ? "" : messages.get(messages.size() - 1);
    }

    boolean said(String part) {
        return messages.stream().anyMatch(m -> m.contains(part));
    }
}
