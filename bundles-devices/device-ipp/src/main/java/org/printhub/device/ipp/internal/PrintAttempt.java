package org.printhub.device.ipp.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;

import org.printhub.device.DeviceException;
import org.printhub.device.PrintTask;
import org.printhub.device.ipp.internal.transport.DocumentBody;
import org.printhub.device.ipp.internal.transport.IppTransportException;
import org.printhub.job.DocumentInfo;
import org.printhub.job.Job;
import org.printhub.job.JobStateReasons;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.hp.jipp.encoding.Attribute;
import com.hp.jipp.encoding.AttributeGroup;
import com.hp.jipp.encoding.IppPacket;
import com.hp.jipp.encoding.Tag;
import com.hp.jipp.model.JobState;
import com.hp.jipp.model.Operation;
import com.hp.jipp.model.Status;
import com.hp.jipp.model.Types;

/**
 * One attempt at one job on an IPP printer: learn what the printer takes (once per device), validate, send the
 * documents (Print-Job per document, or Create-Job + Send-Document when the printer takes multi-document jobs),
 * then follow the printer's job with Get-Job-Attributes until the printer says it is done.
 */
final class PrintAttempt {
    static final String OFFLINE = "offline-report";
    static final String OTHER = "other";
    static final String CANCELED_AT_DEVICE = "job-canceled-at-device";
    private static final Logger LOG = LoggerFactory.getLogger(PrintAttempt.class);
    private static final String ANY_FORMAT = "application/octet-stream";
    private static final Duration CANCEL_TIMEOUT = Duration.ofSeconds(5);
    private static final long BUSY_FIRST_DELAY_MILLIS = 500;
    private static final long BUSY_MAX_DELAY_MILLIS = 10_000;
    private static final Set<Status> BUSY = Set.of(Status.serverErrorBusy, Status.serverErrorServiceUnavailable,
            Status.serverErrorTemporaryError, Status.serverErrorTooManyJobs);

    private final String deviceId;
    private final IppPrinter printer;
    private final AtomicReference<PrinterCapabilities> capabilities;
    private final Map<Long, RemoteJob> remoteJobs;
    private final Duration pollInterval;
    private final Duration busyLimit;
    private final PrintTask task;
    private final Job job;
    private final String user;

    interface Call {
        IppPacket run() throws IppTransportException, InterruptedException;
    }

    PrintAttempt(String deviceId, IppPrinter printer, AtomicReference<PrinterCapabilities> capabilities,
            Map<Long, RemoteJob> remoteJobs, Duration pollInterval, Duration busyLimit, PrintTask task,
            String configuredUser) {
        this.deviceId = deviceId;
        this.printer = printer;
        this.capabilities = capabilities;
        this.remoteJobs = remoteJobs;
        this.pollInterval = pollInterval;
        this.busyLimit = busyLimit;
        this.task = task;
        this.job = task.job();
        this.user = !configuredUser.isBlank() ? configuredUser : job.owner().isBlank() ? "printhub" : job.owner();
    }

    void run() throws DeviceException, InterruptedException {
        PrinterCapabilities caps = capabilities();
        List<DocumentInfo> documents = task.documents();
        List<String> formats = new ArrayList<>();
        for (DocumentInfo d : documents) {
            formats.add(format(d, caps));
        }
        TicketMapping ticket = TicketMapping.of(job.ticket(), caps);
        RemoteJob known = remoteJobs.get(job.id());
        if (known == null && !documents.isEmpty() && caps.supports(Operation.validateJob)) {
            validate(ticket, formats.get(0));
        }
        if (!ticket.ignored.isEmpty()) {
            String note = "the printer does not support " + String.join(", ", ticket.ignored) + "; printing without";
            task.reportMessage(note);
            LOG.info("device {}: job {}: {}", deviceId, job.id(), note);
        }
        try {
            if (documents.size() > 1 && caps.multipleDocumentJobs && caps.supports(Operation.createJob)
                    && caps.supports(Operation.sendDocument)) {
                printAsOneJob(known, ticket, formats);
            } else {
                printEachDocument(known, ticket, formats);
            }
        } catch (InterruptedException e) {
            RemoteJob started = remoteJobs.remove(job.id());
            if (started != null) {
                cancelQuietly(started);
            }
            throw e;
        } catch (DeviceException e) {
            if (!e.retryable()) {
                RemoteJob started = remoteJobs.remove(job.id());
                if (started != null) {
                    cancelQuietly(started);
                }
            }
            throw e;
        }
        remoteJobs.remove(job.id());
    }

    private PrinterCapabilities capabilities() throws DeviceException, InterruptedException {
        PrinterCapabilities known = capabilities.get();
        if (known != null) {
            return known;
        }
        IppPacket r = untilNotBusy("Get-Printer-Attributes",
                () -> printer.getPrinterAttributes(PrinterCapabilities.REQUESTED, user));
        if (!succeeded(r)) {
            // about the printer, not this job: the operator fixes the URI or the printer, and the job waits
            throw DeviceException.retryable(OTHER, refusal("Get-Printer-Attributes", r));
        }
        PrinterCapabilities learned = PrinterCapabilities.from(r);
        capabilities.set(learned);
        LOG.info("device {}: {} at {} takes {}", deviceId,
                learned.makeAndModel.isEmpty() ? "printer" : learned.makeAndModel, printer.uri(),
                formats(learned));
        return learned;
    }

    private static String formats(PrinterCapabilities caps) {
        List<String> all = List.copyOf(caps.documentFormats);
        if (all.isEmpty()) {
            return "any format";
        }
        return all.size() <= 6 ? String.join(", ", all)
                : all.size() + " formats: " + String.join(", ", all.subList(0, 6)) + ", ...";
    }

    private String format(DocumentInfo document, PrinterCapabilities caps) throws DeviceException {
        String mime = document.mimeType().split(";", 2)[0].trim();
        if (caps.acceptsFormat(mime)) {
            return mime;
        }
        if (caps.acceptsFormat(ANY_FORMAT)) {
            return ANY_FORMAT; // the printer sniffs the format itself
        }
        throw DeviceException.fatal(JobStateReasons.UNSUPPORTED_DOCUMENT_FORMAT, "the printer does not take "
                + mime + " (" + document.name() + "); it takes " + String.join(", ", caps.documentFormats));
    }

    private void validate(TicketMapping ticket, String format) throws DeviceException, InterruptedException {
        IppPacket r = untilNotBusy("Validate-Job", () -> printer.validateJob(jobOperation(format), ticket.attributes));
        List<String> unsupported = unsupportedNames(r);
        if (r.getStatus().equals(Status.clientErrorAttributesOrValuesNotSupported) && !unsupported.isEmpty()
                || r.getStatus().equals(Status.successfulOkIgnoredOrSubstitutedAttributes)) {
            ticket.drop(unsupported);
            return;
        }
        if (!succeeded(r)) {
            throw refused("Validate-Job", r);
        }
    }

    private void printEachDocument(RemoteJob known, TicketMapping ticket, List<String> formats)
            throws DeviceException, InterruptedException {
        List<DocumentInfo> documents = task.documents();
        int from = 0;
        if (known != null) {
            from = follow(known, false) ? known.documentIndex() + 1 : known.documentIndex();
        }
        for (int i = from; i < documents.size(); i++) {
            task.checkpoint();
            DocumentInfo document = documents.get(i);
            List<Attribute<?>> operation = jobOperation(formats.get(i));
            operation.add(Types.documentName.of(document.name()));
            IppPacket r = untilNotBusy("Print-Job",
                    () -> printer.printJob(operation, ticket.attributes, body(document), sending(document)));
            if (!succeeded(r)) {
                throw refused("Print-Job", r);
            }
            RemoteJob remote = new RemoteJob(printerJobId(r), i, true);
            remoteJobs.put(job.id(), remote);
            LOG.info("device {}: job {} is job {} on the printer", deviceId, job.id(), remote.printerJobId());
            follow(remote, true);
        }
    }

    private void printAsOneJob(RemoteJob known, TicketMapping ticket, List<String> formats)
            throws DeviceException, InterruptedException {
        if (known != null) {
            if (known.allSent() && follow(known, false)) {
                return;
            }
            // half sent, or lost by the printer: start over
            remoteJobs.remove(job.id());
            cancelQuietly(known);
        }
        List<Attribute<?>> create = jobOperation(null);
        IppPacket r = untilNotBusy("Create-Job", () -> printer.createJob(create, ticket.attributes));
        if (!succeeded(r)) {
            throw refused("Create-Job", r);
        }
        RemoteJob remote = new RemoteJob(printerJobId(r), 0, false);
        remoteJobs.put(job.id(), remote);
        List<DocumentInfo> documents = task.documents();
        for (int i = 0; i < documents.size(); i++) {
            task.checkpoint();
            DocumentInfo document = documents.get(i);
            List<Attribute<?>> operation = new ArrayList<>(List.of(Types.requestingUserName.of(user),
                    Types.documentFormat.of(formats.get(i)), Types.documentName.of(document.name())));
            boolean last = i == documents.size() - 1;
            IppPacket sent = untilNotBusy("Send-Document", () -> printer.sendDocument(remote.printerJobId(),
                    operation, last, body(document), sending(document)));
            if (!succeeded(sent)) {
                throw refused("Send-Document", sent);
            }
        }
        RemoteJob complete = new RemoteJob(remote.printerJobId(), 0, true);
        remoteJobs.put(job.id(), complete);
        follow(complete, true);
    }

    /**
     * Polls the printer's job until it ends; throws when it was canceled or aborted there, or stopped with a
     * reason. Returns true when it completed, and false when the printer no longer knows a job sent in an earlier
     * attempt: the printer may have restarted and lost it, so it is sent again (a duplicate rather than a loss).
     * A job sent in this attempt that the printer forgets was purged from its history after it ended: printers
     * keep finished jobs for a while, and some not at all.
     */
    private boolean follow(RemoteJob remote, boolean sentNow) throws DeviceException, InterruptedException {
        int id = remote.printerJobId();
        while (true) {
            IppPacket r = untilNotBusy("Get-Job-Attributes", () -> printer.getJobAttributes(id, user));
            if (r.getStatus().equals(Status.clientErrorNotFound) || r.getStatus().equals(Status.clientErrorGone)) {
                if (sentNow) {
                    task.reportMessage("printer job " + id + " ended and left the printer's history");
                    return true;
                }
                LOG.warn("device {}: the printer no longer knows its job {} (job {}); sending it again", deviceId,
                        id, job.id());
                return false;
            }
            if (!succeeded(r)) {
                throw refused("Get-Job-Attributes", r);
            }
            AttributeGroup attributes = r.get(Tag.jobAttributes);
            JobState state = attributes == null ? null : attributes.getValue(Types.jobState);
            if (state == null) {
                throw DeviceException.retryable(OTHER, "the printer's answer about its job " + id
                        + " has no job-state");
            }
            List<String> reasons = attributes.getStrings(Types.jobStateReasons);
            Integer impressions = attributes.getValue(Types.jobImpressionsCompleted);
            if (impressions != null && impressions > 0) {
                task.reportPages(impressions);
            }
            String where = "printer job " + id;
            if (state.equals(JobState.completed)) {
                task.reportMessage(where + " completed" + listed(reasons));
                return true;
            }
            if (state.equals(JobState.canceled)) {
                throw DeviceException.fatal(CANCELED_AT_DEVICE, where + " was canceled at the printer"
                        + listed(reasons));
            }
            if (state.equals(JobState.aborted)) {
                String reason = PrinterReasons.jobFailure(reasons);
                throw DeviceException.fatal(reason == null ? JobStateReasons.ABORTED_BY_SYSTEM : reason,
                        "the printer aborted " + where + listed(reasons));
            }
            if (state.equals(JobState.processing) || state.equals(JobState.processingStopped)) {
                PrinterCondition printerNow = printerCondition();
                if (state.equals(JobState.processingStopped) || printerNow.stopped()) {
                    String reason = PrinterReasons.primary(printerNow.reasons());
                    throw DeviceException.retryable(reason == null ? JobStateReasons.PRINTER_STOPPED : reason,
                            where + " stopped at the printer" + printerNow.describe());
                }
                task.reportMessage(where + " printing" + printerNow.describe());
            } else if (state.equals(JobState.pendingHeld)) {
                task.reportMessage(where + " held at the printer" + listed(reasons));
            } else {
                task.reportMessage(where + " waiting at the printer" + listed(reasons));
            }
            Thread.sleep(pollInterval.toMillis());
        }
    }

    record PrinterCondition(boolean stopped, List<String> reasons, String message) {
        String describe() {
            List<String> shown = reasons.stream().filter(r -> !r.equals("none")).toList();
            return (shown.isEmpty() ? "" : " (" + String.join(", ", shown) + ")")
                    + (message.isBlank() ? "" : ": " + message);
        }
    }

    private PrinterCondition printerCondition() throws DeviceException, InterruptedException {
        IppPacket r = untilNotBusy("Get-Printer-Attributes", () -> printer.getPrinterState(user));
        AttributeGroup p = r.get(Tag.printerAttributes);
        if (!succeeded(r) || p == null) {
            return new PrinterCondition(false, List.of(), "");
        }
        com.hp.jipp.model.PrinterState state = p.getValue(Types.printerState);
        com.hp.jipp.encoding.Text message = p.getValue(Types.printerStateMessage);
        return new PrinterCondition(com.hp.jipp.model.PrinterState.stopped.equals(state),
                p.getStrings(Types.printerStateReasons), message == null ? "" : message.getValue());
    }

    private void cancelQuietly(RemoteJob remote) {
        boolean interrupted = Thread.interrupted(); // the exchange must run although the job is being canceled
        try {
            IppPacket r = printer.cancelJob(remote.printerJobId(), user, CANCEL_TIMEOUT);
            LOG.info("device {}: Cancel-Job {} for job {}: {}", deviceId, remote.printerJobId(), job.id(),
                    r.getStatus().getName());
        } catch (IppTransportException e) {
            LOG.warn("device {}: could not cancel printer job {} for job {}: {}", deviceId, remote.printerJobId(),
                    job.id(), e.getMessage());
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Asks again, with back-off, while the printer answers that it is busy, up to the busy limit. */
    private IppPacket untilNotBusy(String operation, Call call) throws DeviceException, InterruptedException {
        long deadline = System.nanoTime() + busyLimit.toNanos();
        long delay = BUSY_FIRST_DELAY_MILLIS;
        while (true) {
            String busy;
            try {
                IppPacket r = call.run();
                if (!BUSY.contains(r.getStatus())) {
                    return r;
                }
                busy = r.getStatus().getName();
            } catch (IppTransportException e) {
                if (e.httpStatus() != 503) {
                    throw unreachable(e);
                }
                busy = "HTTP 503";
            }
            if (System.nanoTime() + delay * 1_000_000 - deadline > 0) {
                throw DeviceException.retryable(OTHER, "the printer stayed busy (" + busy + ") for "
                        + busyLimit.toSeconds() + " s");
            }
            task.reportMessage("printer busy (" + busy + "); " + operation + " again in " + delay + " ms");
            Thread.sleep(delay);
            delay = Math.min(delay * 2, BUSY_MAX_DELAY_MILLIS);
        }
    }

    static DeviceException unreachable(IppTransportException e) {
        return switch (e.failure()) {
            case DOCUMENT -> DeviceException.fatal(JobStateReasons.DOCUMENT_ACCESS_ERROR, e.getMessage());
            case UNKNOWN_HOST, CONNECT, TIMEOUT, CONNECTION_LOST ->
                DeviceException.retryable(OFFLINE, e.getMessage(), e);
            case TLS, HTTP_STATUS, MALFORMED -> DeviceException.retryable(OTHER, e.getMessage(), e);
        };
    }

    private static DeviceException refused(String operation, IppPacket r) {
        Status s = r.getStatus();
        String text = refusal(operation, r);
        if (s.equals(Status.clientErrorDocumentFormatNotSupported)
                || s.equals(Status.clientErrorAttributesOrValuesNotSupported)
                        && unsupportedNames(r).contains(Types.documentFormat.getName())) {
            return DeviceException.fatal(JobStateReasons.UNSUPPORTED_DOCUMENT_FORMAT, text);
        }
        if (s.equals(Status.clientErrorDocumentFormatError) || s.equals(Status.clientErrorDocumentUnprintableError)) {
            return DeviceException.fatal(JobStateReasons.DOCUMENT_FORMAT_ERROR, text);
        }
        if (s.equals(Status.clientErrorNotAuthenticated) || s.equals(Status.clientErrorNotAuthorized)
                || s.equals(Status.clientErrorForbidden) || s.getCode() >= 0x0500) {
            // access rules, a paused queue, a printer fault: fixed at the printer, after which the job prints
            return DeviceException.retryable(OTHER, text);
        }
        return DeviceException.fatal(OTHER, text);
    }

    private static String refusal(String operation, IppPacket r) {
        String message = "";
        AttributeGroup op = r.get(Tag.operationAttributes);
        if (op != null && op.getValue(Types.statusMessage) != null) {
            message = ": " + op.getValue(Types.statusMessage).getValue();
        }
        return "the printer refused " + operation + " with " + r.getStatus().getName() + message;
    }

    private static boolean succeeded(IppPacket r) {
        return r.getCode() >= 0 && r.getCode() < 0x0100;
    }

    private static List<String> unsupportedNames(IppPacket r) {
        AttributeGroup unsupported = r.get(Tag.unsupportedAttributes);
        List<String> names = new ArrayList<>();
        if (unsupported != null) {
            unsupported.forEach(a -> names.add(a.getName()));
        }
        return names;
    }

    private static int printerJobId(IppPacket r) throws DeviceException {
        Integer id = r.getValue(Tag.jobAttributes, Types.jobId);
        if (id == null) {
            throw DeviceException.retryable(OTHER, "the printer took the job but named no job-id");
        }
        return id;
    }

    private List<Attribute<?>> jobOperation(String format) {
        List<Attribute<?>> operation = new ArrayList<>();
        operation.add(Types.requestingUserName.of(user));
        operation.add(Types.jobName.of(job.name().isBlank() ? "job " + job.id() : job.name()));
        if (format != null) {
            operation.add(Types.documentFormat.of(format));
        }
        return operation;
    }

    private DocumentBody body(DocumentInfo document) {
        return new DocumentBody() {
            @Override
            public long size() {
                return document.size();
            }

            @Override
            public java.io.InputStream open() throws java.io.IOException {
                return task.openDocument(document.index());
            }
        };
    }

    private LongConsumer sending(DocumentInfo document) {
        return n -> task.reportMessage("sending " + document.name() + ": " + n + " of " + document.size() + " bytes");
    }

    private static String listed(List<String> reasons) {
        List<String> shown = reasons.stream().filter(r -> !r.equals("none")).toList();
        return shown.isEmpty() ? "" : " (" + String.join(", ", shown) + ")";
    }
}
