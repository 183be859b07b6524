package org.printhub.api.cirrus.internal;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.printhub.http.Compression;
import org.printhub.http.Limits;
import org.printhub.job.DocumentSource;
import org.printhub.job.Job;
import org.printhub.job.JobException;
import org.printhub.job.JobService;
import org.printhub.job.JobSubmission;
import org.printhub.job.JobTicket;
import org.printhub.job.PrinterService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a CirrusPrint submission into core jobs, one per target. Every target and the props for each are checked
 * before the first job is created, so a bad one creates no job at all.
 */
final class Submissions {
    static final String ORIGIN = "cirrus";
    /** Ticket extension holding the job's location, which the core has no field for. */
    static final String LOCATION_EXTENSION = "cirrus.location";
    /** Ticket extension holding the job's props as they applied (device defaults under the job's own). */
    static final String PROPERTIES_EXTENSION = "cirrus.properties";

    private static final Logger LOG = LoggerFactory.getLogger(Submissions.class);

    /** Opens the document's bytes as uploaded, still compressed if they were; called once per target. */
    @FunctionalInterface
    interface Source {
        InputStream open() throws IOException;
    }

    /** A target checked against the directory, with the ticket its job gets. */
    static final class Resolved {
        final Target target;
        final JobTicket ticket;

        Resolved(Target target, JobTicket ticket) {
            this.target = target;
            this.ticket = ticket;
        }
    }

    private final JobService jobs;
    private final PrinterService printers;
    private final CirrusDirectory directory;
    private final Limits limits;

    Submissions(JobService jobs, PrinterService printers, CirrusDirectory directory, Limits limits) {
        this.jobs = jobs;
        this.printers = printers;
        this.directory = directory;
        this.limits = limits;
    }

    /**
     * Checks every target and builds its ticket: the device's {@code DefaultProps} with {@code props} over them.
     *
     * @throws CirrusError a failure naming the first unknown or inactive target, or the first bad property
     */
    List<Resolved> resolve(String company, List<Target> targets, Map<String, String> props) {
        List<Resolved> resolved = new ArrayList<>();
        for (Target t : targets) {
            CirrusDirectory.Location location = directory.location(company, t.location())
                    .orElseThrow(() -> CirrusError.failure("unknown target " + Texts.clip(t.toString())));
            CirrusDirectory.OutputDevice device = location.devices.get(t.device());
            if (device == null || !printers.isListed(t.device())) {
                throw CirrusError.failure("unknown target " + Texts.clip(t.toString()));
            }
            if (location.inactive || device.inactive) {
                throw CirrusError.failure("target " + t + " is inactive");
            }
            Map<String, String> applied = Props.overlay(device.defaultProps, props);
            JobTicket ticket = Props.toTicket(applied).toBuilder()
                    .extension(LOCATION_EXTENSION, t.location())
                    .extension(PROPERTIES_EXTENSION, Props.format(applied))
                    .build();
            resolved.add(new Resolved(t, ticket));
        }
        return resolved;
    }

    /**
     * Creates one job per target from the same upload. If a later job fails, the ones already created are
     * canceled, so the request either creates all its jobs or none that will print.
     *
     * @return the jobs, in target order
     */
    List<Job> submit(Caller caller, String company, List<Resolved> targets, String title, Compression compression,
            Source source) {
        List<Job> created = new ArrayList<>();
        try {
            for (Resolved r : targets) {
                created.add(submitOne(caller, company, r, title, compression, source));
            }
            return created;
        } catch (RuntimeException e) {
            for (Job j : created) {
                try {
                    jobs.cancel(j.id());
                } catch (JobException cancelFailed) {
                    LOG.warn("cannot withdraw job {} of a failed submission: {}", j.id(), cancelFailed.getMessage());
                }
            }
            throw e;
        }
    }

    private Job submitOne(Caller caller, String company, Resolved r, String title, Compression compression,
            Source source) {
        String name = title.isBlank() ? "document" : title;
        // the type comes from the title or the first bytes, so the stream is opened before the core reads it
        BufferedInputStream in;
        String mimeType;
        try {
            in = new BufferedInputStream(limits.decompress(source.open(), compression), 64 * 1024);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            mimeType = Formats.decide(name, in);
        } catch (IOException e) {
            close(in);
            throw new ReadFailure(e);
        }
        JobSubmission submission = JobSubmission.to(r.target.device())
                .name(name)
                .owner(caller.user())
                .origin(ORIGIN)
                .account(company)
                .ticket(r.ticket)
                .document(DocumentSource.of(name, mimeType, in))
                .build();
        try {
            return jobs.submit(submission);
        } finally {
            close(in);
        }
    }

    private static void close(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // the job is decided either way; a failing close of an upload changes nothing
        }
    }

    /** Reading the upload failed before the core got to it (a corrupt or oversized compressed head). */
    static final class ReadFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ReadFailure(IOException cause) {
            super(cause.getMessage(), cause);
        }

        @Override
        public synchronized IOException getCause() {
            return (IOException) super.getCause();
        }
    }
}
