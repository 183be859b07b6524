package org.printhub.job.internal;

import java.lang.annotation.Annotation;

/** Implements the metatype annotation for tests, with fast retries. */
final class TestConfig implements CoreConfig {
    long retryInitial = 20;

    @Override
    public long maxDocumentBytes() {
        return 1 << 20;
    }

    @Override
    public long retryInitialDelayMillis() {
        return retryInitial;
    }

    @Override
    public long retryMaxDelayMillis() {
        return 100;
    }

    @Override
    public long progressIntervalMillis() {
        return 20;
    }

    @Override
    public long deviceStopTimeoutMillis() {
        return 2_000;
    }

    @Override
    public long retainEndedJobsHours() {
        return 0;
    }

    @Override
    public Class<? extends Annotation> annotationType() {
        return CoreConfig.class;
    }
}
