package org.printhub.device.ipp.internal;

import java.lang.annotation.Annotation;

/** The configuration annotation as a plain object, so tests construct the component directly. */
@SuppressWarnings("all")
final class TestConfig implements Config {
    String uri = "";
    String[] documentFormats = { "application/octet-stream" };
    String userName = "";
    String tlsTrust = "system";
    String trustStore = "";
    String trustStorePassword = "";
    int connectTimeoutSeconds = 5;
    int idleTimeoutSeconds = 20;
    int pollIntervalMillis = 200;
    int busyRetrySeconds = 120;

    TestConfig(String uri) {
        this.uri = uri;
    }

    TestConfig idleTimeoutSeconds(int seconds) {
        this.idleTimeoutSeconds = seconds;
        return this;
    }

    TestConfig tlsTrust(String trust) {
        this.tlsTrust = trust;
        return this;
    }

    TestConfig trustStore(String path, String password) {
        this.trustStore = path;
        this.trustStorePassword = password;
        return this;
    }

    TestConfig busyRetrySeconds(int seconds) {
        this.busyRetrySeconds = seconds;
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
    public String uri() {
        return uri;
    }

    @Override
    public String[] documentFormats() {
        return documentFormats;
    }

    @Override
    public String userName() {
        return userName;
    }

    @Override
    public String tlsTrust() {
        return tlsTrust;
    }

    @Override
    public String trustStore() {
        return trustStore;
    }

    @Override
    public String trustStorePassword() {
        return trustStorePassword;
    }

    @Override
    public int connectTimeoutSeconds() {
        return connectTimeoutSeconds;
    }

    @Override
    public int idleTimeoutSeconds() {
        return idleTimeoutSeconds;
    }

    @Override
    public int pollIntervalMillis() {
        return pollIntervalMillis;
    }

    @Override
    public int busyRetrySeconds() {
        return busyRetrySeconds;
    }

    @Override
    public String webconsole_configurationFactory_nameHint() {
        return "";
    }
}
