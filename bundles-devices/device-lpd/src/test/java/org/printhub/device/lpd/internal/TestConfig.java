package org.printhub.device.lpd.internal;

import java.lang.annotation.Annotation;

/** The configuration annotation as a plain object, so tests construct the component directly. */
@SuppressWarnings("all")
final class TestConfig implements Config {
    String host = "127.0.0.1";
    int port = 515;
    String queue = "accept";
    String sourcePort = "auto";
    String clientHost = "printhub-test";
    boolean banner;
    boolean controlFileFirst;
    int ioTimeoutSeconds = 5;

    TestConfig port(int port) {
        this.port = port;
        return this;
    }

    TestConfig queue(String queue) {
        this.queue = queue;
        return this;
    }

    TestConfig sourcePort(String sourcePort) {
        this.sourcePort = sourcePort;
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
    public String queue() {
        return queue;
    }

    @Override
    public String sourcePort() {
        return sourcePort;
    }

    @Override
    public String clientHost() {
        return clientHost;
    }

    @Override
    public boolean banner() {
        return banner;
    }

    @Override
    public boolean controlFileFirst() {
        return controlFileFirst;
    }

    @Override
    public int connectTimeoutSeconds() {
        return 2;
    }

    @Override
    public int ioTimeoutSeconds() {
        return ioTimeoutSeconds;
    }

    @Override
    public String[] documentFormats() {
        return new String[] { "application/octet-stream" };
    }

    @Override
    public String webconsole_configurationFactory_nameHint() {
        return "";
    }
}
