package org.printhub.device.file.internal;

import java.lang.annotation.Annotation;

/** The configuration annotation as a plain object, so tests construct the component directly. */
@SuppressWarnings("all")
final class TestConfig implements Config {
    String deviceId = "";
    String name = "";
    String location = "";
    String directory = "";
    String fileName = "{id}-{index}-{name}.{ext}";
    String[] documentFormats = { "application/octet-stream" };

    TestConfig directory(String directory) {
        this.directory = directory;
        return this;
    }

    TestConfig fileName(String fileName) {
        this.fileName = fileName;
        return this;
    }

    TestConfig documentFormats(String... documentFormats) {
        this.documentFormats = documentFormats;
        return this;
    }

    TestConfig name(String name) {
        this.name = name;
        return this;
    }

    @Override
    public Class<? extends Annotation> annotationType() {
        return Config.class;
    }

    @Override
    public String device_id() {
        return deviceId;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String location() {
        return location;
    }

    @Override
    public String directory() {
        return directory;
    }

    @Override
    public String fileName() {
        return fileName;
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
