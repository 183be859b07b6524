package org.printhub.api.myq.internal;

import java.lang.annotation.Annotation;

/** The surface's configuration with its defaults, changed per test. */
final class TestConfig implements MyqConfig {
    int port = 0;
    long accessTokenSeconds = 1800;
    long refreshTokenSeconds = 30L * 24 * 3600;
    String[] pullQueues = { "follow" };
    long heldRetentionSeconds = 3600;
    long retentionCheckSeconds = 60;
    String[] prices = { "*:0.05:0.25:0.1" };
    int maxFailedLogins = 10;
    long failedLoginWindowSeconds = 300;
    String[] corsOrigins = {};
    String timeZone = "UTC";

    @Override
    public Class<? extends Annotation> annotationType() {
        return MyqConfig.class;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public long accessTokenSeconds() {
        return accessTokenSeconds;
    }

    @Override
    public long refreshTokenSeconds() {
        return refreshTokenSeconds;
    }

    @Override
    public String[] pullQueues() {
        return pullQueues;
    }

    @Override
    public long heldRetentionSeconds() {
        return heldRetentionSeconds;
    }

    @Override
    public long retentionCheckSeconds() {
        return retentionCheckSeconds;
    }

    @Override
    public String[] prices() {
        return prices;
    }

    @Override
    public int maxFailedLogins() {
        return maxFailedLogins;
    }

    @Override
    public long failedLoginWindowSeconds() {
        return failedLoginWindowSeconds;
    }

    @Override
    public String[] corsOrigins() {
        return corsOrigins;
    }

    @Override
    public String timeZone() {
        return timeZone;
    }
}
