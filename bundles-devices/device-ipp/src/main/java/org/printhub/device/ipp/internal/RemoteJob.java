package org.printhub.device.ipp.internal;

/**
 * A job the printer has taken for one of ours, remembered across attempts so that a retried job is followed
 * where it is instead of being sent again.
 *
 * @param printerJobId the printer's {@code job-id}
 * @param documentIndex the document it carries; for a Create-Job job, its first document
 * @param allSent whether every document it should carry has gone out
 */
record RemoteJob(int printerJobId, int documentIndex, boolean allSent) {
}
