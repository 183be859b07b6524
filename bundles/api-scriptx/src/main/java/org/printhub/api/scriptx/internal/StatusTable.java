package org.printhub.api.scriptx.internal;

import org.printhub.job.JobState;

/**
 * The one table from Printhub's job states to ScriptX.Services codes: {@code JobStatus.status}
 * ({@code PrintHtmlStatus}) and {@code Print.status} ({@code PrintRequestStatus}).
 */
final class StatusTable {
    // PrintHtmlStatus, the same for printHtml and printPdf.
    static final int NOT_STARTED = 0;
    static final int QUEUED = 1;
    static final int STARTING = 2;
    static final int DOWNLOADING = 3;
    static final int DOWNLOADED = 4;
    static final int PRINTING = 5;
    static final int COMPLETED = 6;
    static final int PAUSED = 7;
    static final int PRINTING_PDF = 8;
    static final int COLLECTED = 100;
    static final int CODE_EXCEPTION = 101;
    static final int COMPLETED_WAITING_FOR_COLLECTION = 102;
    static final int ITEM_ERROR = -1;
    static final int ABANDONED = -2;

    // PrintRequestStatus, the answer to a print request.
    static final int QUEUED_TO_DEVICE = 1;
    static final int QUEUED_TO_FILE = 2;
    static final int SOFT_ERROR = 3;
    static final int OK = 4;

    private StatusTable() {
    }

    /**
     * The status of a job the core holds. A stopped job (device error, suspended) keeps the client polling as
     * Paused; a completed file job waiting for download reports Completed, never 102 (internal in ScriptX).
     *
     * @param pdf whether the job came from printPdf (its printing status is PrintingPdf)
     */
    static int of(JobState state, boolean pdf) {
        return switch (state) {
        case PENDING, HELD -> QUEUED;
        case PROCESSING -> pdf ? PRINTING_PDF : PRINTING;
        case STOPPED -> PAUSED;
        case COMPLETED -> COMPLETED;
        case CANCELED -> ABANDONED;
        case ABORTED -> ITEM_ERROR;
        };
    }

    /** Whether the client stops polling at {@code status}. */
    static boolean isFinal(int status) {
        return status == COMPLETED || status == ITEM_ERROR || status == ABANDONED || status == CODE_EXCEPTION
                || status == COLLECTED;
    }

    /** Whether canceljob may still stop a job at {@code status}: queued or pre-processing, not printing pages. */
    static boolean isCancellable(int status) {
        return status >= NOT_STARTED && status <= DOWNLOADED;
    }
}
