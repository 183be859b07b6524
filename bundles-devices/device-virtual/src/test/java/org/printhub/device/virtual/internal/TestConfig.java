package org.printhub.device.virtual.internal;

import java.lang.annotation.Annotation;

/** The configuration annotation as a plain object, so tests construct the component directly. */
@SuppressWarnings("all")
final class TestConfig implements Config {
    int pagesPerMinute;
    int bytesPerPage = 3000;
    boolean color = true;
    boolean duplex = true;
    String[] documentFormats = { "application/octet-stream" };
    Fault fault = Fault.NONE;
    int faultAtPage;
    long faultClears;

    TestConfig pagesPerMinute(int pagesPerMinute) {
        this.pagesPerMinute = pagesPerMinute;
        return this;
    }

    TestConfig bytesPerPage(int bytesPerPage) {
        this.bytesPerPage = bytesPerPage;
        return this;
    }

    TestConfig fault(Fault fault, int atPage, long clearsMillis) {
        this.fault = fault;
        this.faultAtPage = atPage;
        this.faultClears = clearsMillis;
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
    public int pagesPerMinute() {
        return pagesPerMinute;
    }

    @Override
    public int bytesPerPage() {
        return bytesPerPage;
    }

    @Override
    public boolean color() {
        return color;
    }

    @Override
    public boolean duplex() {
        return duplex;
    }

    @Override
    public String[] documentFormats() {
        return documentFormats;
    }

    @Override
    public Fault fault() {
        return fault;
    }

    @Override
    public int faultAtPage() {
        return faultAtPage;
    }

    @Override
    public long faultClears() {
        return faultClears;
    }

    @Override
    public String webconsole_configurationFactory_nameHint() {
        return "";
    }
}
