package org.printhub.job.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(id = "org.printhub.job", name = "Printhub job service",
        description = "Limits and timings of the job service and its dispatcher.")
@interface CoreConfig {
    @AttributeDefinition(name = "Largest document (bytes)",
            description = "A document larger than this is refused at submission, whatever the surface allows.")
    long maxDocumentBytes() default 4L * 1024 * 1024 * 1024;

    @AttributeDefinition(name = "First retry delay (ms)",
            description = "How long a job stopped by a device error waits before its first retry.")
    long retryInitialDelayMillis() default 1_000;

    @AttributeDefinition(name = "Longest retry delay (ms)",
            description = "The retry delay doubles after each failed attempt, up to this.")
    long retryMaxDelayMillis() default 60_000;

    @AttributeDefinition(name = "Progress interval (ms)",
            description = "How often pages printed are stored and published while a job prints.")
    long progressIntervalMillis() default 1_000;

    @AttributeDefinition(name = "Driver stop timeout (ms)",
            description = "How long a device that goes away may take to return from its current job.")
    long deviceStopTimeoutMillis() default 10_000;

    @AttributeDefinition(name = "Keep ended jobs (hours)",
            description = "Completed, canceled and aborted jobs are deleted with their documents this long after "
                    + "they ended; favourites are kept. 0 keeps every job.")
    long retainEndedJobsHours() default 168;
}
