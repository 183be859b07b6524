package org.printhub.api.myq.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

import org.printhub.job.DocumentInfo;
import org.printhub.job.Job;
import org.printhub.job.JobService;
import org.printhub.job.JobUpdate;
import org.printhub.render.PdfDocuments;
import org.printhub.render.PdfFacts;
import org.printhub.render.RenderException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts a job's pages and colour pages with the render bundle's PDF facts and stores them on the job, so that
 * MyQ shows pageCount, colorCount and a cost. Only jobs whose every document is a PDF are counted.
 */
final class PageCounter {
    private static final Logger LOG = LoggerFactory.getLogger(PageCounter.class);
    static final String PDF = "application/pdf";

    private final JobService jobs;
    private final PdfDocuments pdfs;

    PageCounter(JobService jobs, PdfDocuments pdfs) {
        this.jobs = jobs;
        this.pdfs = pdfs;
    }

    /** The counted job, or empty when it is not all PDF, already counted, or a document is no readable PDF. */
    Optional<Job> count(Job job) throws IOException {
        if (job.pageCount() != Job.UNKNOWN || job.documents().isEmpty()
                || !job.documents().stream().allMatch(d -> PDF.equals(d.mimeType()))) {
            return Optional.empty();
        }
        int pages = 0;
        int colour = 0;
        for (DocumentInfo d : job.documents()) {
            // PDF facts read a file; the spool hands out streams, so each document is copied to a private file.
            Path tmp = Files.createTempFile("printhub-myq-", ".pdf");
            try {
                try (InputStream in = jobs.openDocument(job.id(), d.index())) {
                    Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                }
                PdfFacts f = pdfs.facts(tmp);
                pages += f.pages();
                colour += f.colorPages();
            } catch (RenderException e) {
                LOG.info("MyQ: job {} document {} has no page count: {}", job.id(), d.index(), e.getMessage());
                return Optional.empty();
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
        return Optional.of(jobs.update(job.id(), JobUpdate.builder().pageCount(pages).colorPageCount(colour).build()));
    }
}
