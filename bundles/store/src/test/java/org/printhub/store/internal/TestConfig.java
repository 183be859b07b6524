package org.printhub.store.internal;

import java.lang.annotation.Annotation;
import java.nio.file.Path;

/** A {@link Config} for tests: the defaults, with the database and spool under one directory. */
final class TestConfig implements Config {
    private String url;
    private String spoolDirectory;
    private String journalDirectory = "";
    private boolean journal = true;
    private long minFreeBytes = 0;
    private int maxBatchSize = 256;
    private int readConnections = 4;
    private int jobCacheSize = 2048;

    static TestConfig in(Path dir) {
        TestConfig c = new TestConfig();
        c.url = "jdbc:h2:file:" + dir.resolve("db").resolve("printhub") + ";DB_CLOSE_ON_EXIT=FALSE";
        c.spoolDirectory = dir.resolve("spool").toString();
        c.journalDirectory = dir.resolve("journal").toString();
        return c;
    }

    TestConfig url(String url) {
        this.url = url;
        return this;
    }

    TestConfig spoolDirectory(Path dir) {
        this.spoolDirectory = dir.toString();
        return this;
    }

    TestConfig minFreeBytes(long bytes) {
        this.minFreeBytes = bytes;
        return this;
    }

    TestConfig maxBatchSize(int size) {
        this.maxBatchSize = size;
        return this;
    }

    @Override
    public Class<? extends Annotation> annotationType() {
        return Config.class;
    }

    @Override
    public String url() {
        return url;
    }

    @Override
    public String user() {
        return "sa";
    }

    @Override
    public String _password() {
        return "";
    }

    @Override
    public String DataSourceFactory_target() {
        return JdbcJobStore.H2_FACTORY;
    }

    TestConfig journal(boolean journal) {
        this.journal = journal;
        return this;
    }

    @Override
    public boolean journal() {
        return journal;
    }

    @Override
    public String journalDirectory() {
        return journalDirectory;
    }

    @Override
    public String spoolDirectory() {
        return spoolDirectory;
    }

    @Override
    public long minFreeBytes() {
        return minFreeBytes;
    }

    @Override
    public int maxBatchSize() {
        return maxBatchSize;
    }

    @Override
    public int readConnections() {
        return readConnections;
    }

    TestConfig jobCacheSize(int size) {
        this.jobCacheSize = size;
        return this;
    }

    @Override
    public int jobCacheSize() {
        return jobCacheSize;
    }
}
