/**
 * The Printhub job model, as API surfaces, the shell and consoles see it.
 *
 * <p>A {@link org.printhub.job.Job} is an immutable snapshot; every change goes through
 * {@link org.printhub.job.JobService}, which enforces the IPP job-state transitions (RFC 8011 §5.3.7) in one
 * place and publishes each change on Event Admin under {@link org.printhub.job.JobEvents}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package org.printhub.job;
