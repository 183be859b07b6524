package org.printhub.api.cirrus.internal;

import org.printhub.job.Job;

/**
 * The one table from core job states to CirrusPrint's {@code State} codes. CirrusPrint's states describe delivery
 * to a remote client; Printhub's device is that client, so "received at client" is "the device has it".
 */
final class CirrusStates {
    /** Queued on the server. */
    static final int SUBMITTED = 0;
    /** The output device has the job (printing, or stopped by a device problem: then {@code Message} says why). */
    static final int RECEIVED = 1;
    static final int DELIVERED = 2;
    /** Canceled, or aborted by the system: no longer to be delivered. */
    static final int DELETED = 3;
    /** Browser users only (a user kept a delivered job); Printhub has no browser output, so never produced. */
    static final int SAVED = 8;
    /** Browser users only (a user trashed a delivered job); never produced, like {@link #SAVED}. */
    static final int TRASHED = 9;

    private CirrusStates() {
    }

    static int of(Job job) {
        switch (job.state()) {
            case PENDING:
            case HELD:
                return SUBMITTED;
            case PROCESSING:
            case STOPPED:
                return RECEIVED;
            case COMPLETED:
                return DELIVERED;
            case CANCELED:
            case ABORTED:
                return DELETED;
            default:
                throw new IllegalStateException("unmapped job state " + job.state());
        }
    }
}
