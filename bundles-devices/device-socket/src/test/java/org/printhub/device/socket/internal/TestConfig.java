package org.printhub.device.socket.internal;

import java.lang.annotation.Annotation;

/** The configuration annotation as a plain object, so tests construct the component directly. */
@SuppressWarnings("all")
final class TestConfig implements Config {
    String host = "127.0.0.1";
    int port = 9100;
    boolean pjl;
    boolean waitForEndOfJob;
    int endOfJobTimeoutSeconds = 300;
    int connectTimeoutSeconds = 2;
    int ioTimeoutSeconds = 2;
    String[] documentFormats = { "application/octet-stream" };

    TestConfig host(String host) {
        this.host = host;
        return this;
    }

    TestConfig port(int port) {
        this.port = port;
        return this;
    }

    TestConfig pjl(boolean waitForEndOfJob, int endOfJobTimeoutSeconds) {
        this.pjl = true;
        this.waitForEndOfJob = waitForEndOfJob;
        this.endOfJobTimeoutSeconds = endOfJobTimeoutSeconds;
        return this;
    }

    TestConfig ioTimeoutSeconds(int seconds) {
        this.ioTimeoutSeconds = seconds;
        return this;
    }

    @Override
    public Class<? extends Annotation> annotationType() {
        return Config.class;
    }

    @Override
    public String device_id() {
        return "";
    }

    @Override
    public String name() {
        return "";
    }

    @Override
    public String location() {
        return "";
    }

    @Override
    public String host() {
        return host;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public boolean pjl() {
        return pjl;
    }

    @Override
    public boolean waitForEndOfJob() {
        return waitForEndOfJob;
    }

    @Override
    public int endOfJobTimeoutSeconds() {
        return endOfJobTimeoutSeconds;
    }

    @Override
    public int connectTimeoutSeconds() {
        return connectTimeoutSeconds;
    }

    @Override
    public int ioTimeoutSeconds() {
        return ioTimeoutSeconds;
    }

    @Override
    public String[] documentFormats() {
        return documentFormats;
    }

    @Override
    public String webconsole_configurationFactory_nameHint() {
        return "";
    }
}
