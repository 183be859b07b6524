package org.printhub.device.command.internal;

import java.lang.annotation.Annotation;

/** The configuration annotation as a plain object, so tests construct the component directly. */
@SuppressWarnings("all")
final class TestConfig implements Config {
    String[] command;
    String workingDirectory = "";
    int timeoutSeconds = 10;
    int[] abortExitCodes = {};

    TestConfig(String... command) {
        this.command = command;
    }

    TestConfig timeoutSeconds(int seconds) {
        this.timeoutSeconds = seconds;
        return this;
    }

    TestConfig abortExitCodes(int... codes) {
        this.abortExitCodes = codes;
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
    public String[] command() {
        return command;
    }

    @Override
    public String workingDirectory() {
        return workingDirectory;
    }

    @Override
    public int timeoutSeconds() {
        return timeoutSeconds;
    }

    @Override
    public int[] abortExitCodes() {
        return abortExitCodes;
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
