package org.printhub.api.myq.internal;

import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.printhub.job.Job;
import org.printhub.job.JobEvents;
import org.printhub.job.JobException;
import org.printhub.job.JobService;
import org.printhub.render.PdfDocuments;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the pages of jobs arriving in a pull queue, one at a time on its own thread (PDF rendering is slow, and
 * Event Admin must not wait for it). Satisfied only while the render bundle provides PDF facts.
 */
@Component(service = EventHandler.class, property = EventConstants.EVENT_TOPIC + "=" + JobEvents.JOB_SUBMITTED)
public final class PageCounting implements EventHandler {
    private static final Logger LOG = LoggerFactory.getLogger(PageCounting.class);
    /** Jobs waiting to be counted; past this, arrivals go uncounted rather than pile up in memory. */
    static final int BACKLOG = 10_000;

    private final PullQueues queues;
    private final PageCounter counter;
    private final ExecutorService worker;

    @Activate
    public PageCounting(@Reference JobService jobs, @Reference PdfDocuments pdfs, @Reference PullQueues queues) {
        this.queues = queues;
        this.counter = new PageCounter(jobs, pdfs);
        this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(BACKLOG), r -> {
            Thread t = new Thread(r, "myq-page-count");
            t.setDaemon(true);
            return t;
        });
    }

    @Deactivate
    void deactivate() {
        worker.shutdownNow();
    }

    @Override
    public void handleEvent(Event event) {
        if (event.getProperty(JobEvents.JOB) instanceof Job job && queues.isPullQueue(job.deviceId())) {
            try {
                worker.execute(() -> count(job));
            } catch (RejectedExecutionException e) {
                LOG.warn("MyQ: job {} not counted: {} jobs wait to be counted", job.id(), BACKLOG);
            }
        }
    }

    private void count(Job job) {
        try {
            counter.count(job).ifPresent(j -> LOG.info("MyQ: job {} has {} page(s), {} in colour", j.id(),
                    j.pageCount(), j.colorPageCount()));
        } catch (IOException | JobException e) {
            LOG.info("MyQ: job {} not counted: {}", job.id(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("MyQ: job {} not counted", job.id(), e);
        }
    }
}
