package org.printhub.job;

/**
 * The {@code job-state-reasons} keywords Printhub sets (RFC 8011 §5.3.8, and PWG 5100.x where noted).
 * Reasons are plain strings so that drivers can add printer-specific ones (e.g. {@code media-jam}).
 */
public final class JobStateReasons {
    public static final String NONE = "none";
    public static final String JOB_INCOMING = "job-incoming";
    public static final String JOB_QUEUED = "job-queued";
    public static final String JOB_HOLD_UNTIL_SPECIFIED = "job-hold-until-specified";
    public static final String JOB_PRINTING = "job-printing";
    /** PWG 5100.11: suspended by Suspend-Current-Job (OctoPrint pause). */
    public static final String JOB_SUSPENDED = "job-suspended";
    public static final String PRINTER_STOPPED = "printer-stopped";
    public static final String JOB_RESTARTABLE = "job-restartable";
    public static final String PROCESSING_TO_STOP_POINT = "processing-to-stop-point";
    public static final String JOB_CANCELED_BY_USER = "job-canceled-by-user";
    public static final String JOB_CANCELED_BY_OPERATOR = "job-canceled-by-operator";
    public static final String ABORTED_BY_SYSTEM = "aborted-by-system";
    public static final String JOB_COMPLETED_SUCCESSFULLY = "job-completed-successfully";
    public static final String DOCUMENT_FORMAT_ERROR = "document-format-error";
    public static final String DOCUMENT_ACCESS_ERROR = "document-access-error";
    public static final String UNSUPPORTED_DOCUMENT_FORMAT = "unsupported-document-format";
    /** The job's device is not registered right now (driver stopped, updated or unconfigured). */
    public static final String PRINTER_UNAVAILABLE = "printer-unavailable";

    private JobStateReasons() {
    }
}
