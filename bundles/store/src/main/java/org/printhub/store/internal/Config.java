package org.printhub.store.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Printhub job store",
        description = "Where jobs and their documents are kept: a JDBC database and a spool directory.")
public @interface Config {

    @AttributeDefinition(name = "JDBC URL",
            description = "Empty for the embedded H2 database under the data directory (<data>/db/printhub). "
                    + "For PostgreSQL, e.g. jdbc:postgresql://db.example.org/printhub, and set the data source "
                    + "factory target to the PostgreSQL driver.")
    String url() default "";

    @AttributeDefinition(name = "User", description = "Database user.")
    String user() default "sa";

    /** Maps to {@code .password}: a property starting with a full stop never becomes a service property. */
    @AttributeDefinition(name = "Password", description = "Database password (put it here, not in the URL).",
            type = AttributeType.PASSWORD)
    String _password() default "";

    @AttributeDefinition(name = "Data source factory",
            description = "Filter selecting the OSGi JDBC DataSourceFactory service, e.g. "
                    + "(osgi.jdbc.driver.class=org.postgresql.Driver).")
    String DataSourceFactory_target() default JdbcJobStore.H2_FACTORY;

    @AttributeDefinition(name = "Spool directory",
            description = "Where documents are written. Empty for <data>/spool.")
    String spoolDirectory() default "";

    @AttributeDefinition(name = "Journal",
            description = "With the embedded H2 database: make new jobs durable in an append-only journal (one "
                    + "force per group commit) and force the database every few seconds. false forces the database "
                    + "itself for every group commit, which is slower.")
    boolean journal() default true;

    @AttributeDefinition(name = "Journal directory",
            description = "With the embedded H2 database, new jobs are made durable in a journal here, and the "
                    + "database is forced to disk every few seconds. Empty for <data>/db/journal.")
    String journalDirectory() default "";

    @AttributeDefinition(name = "Minimum free disk space",
            description = "New documents are refused while the spool disk has fewer free bytes than this.")
    long minFreeBytes() default 256L * 1024 * 1024;

    @AttributeDefinition(name = "Group commit batch size",
            description = "The most new jobs written to the database in one transaction; one force to "
                    + "disk covers every transaction committed since the last.")
    int maxBatchSize() default 256;

    @AttributeDefinition(name = "Read connections",
            description = "Database connections, each with its own thread, kept open for reads and updates.")
    int readConnections() default 4;

    @AttributeDefinition(name = "Jobs kept in memory",
            description = "How many jobs, as last read or written, are kept so that reading them again (clients "
                    + "polling a job's status) costs no query. Only for an embedded H2 database, which no one "
                    + "else writes to; 0 turns it off.")
    int jobCacheSize() default 2048;
}
