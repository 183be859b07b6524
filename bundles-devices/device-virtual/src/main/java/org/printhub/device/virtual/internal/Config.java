package org.printhub.device.virtual.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Printhub virtual device",
        description = "A simulated printer for tests, demos and benchmarks: it reads every byte, prints at a page "
                + "rate, and can be told to fail.")
public @interface Config {

    @AttributeDefinition(name = "Device id",
            description = "The id jobs name. Empty: the configuration's name, e.g. 'demo' for "
                    + "deploy/org.printhub.device.virtual-demo.cfg.")
    String device_id() default "";

    @AttributeDefinition(name = "Name", description = "A display name. Empty: the device id.")
    String name() default "";

    @AttributeDefinition(name = "Location", description = "Where the printer is said to be, for people.")
    String location() default "";

    @AttributeDefinition(name = "Pages per minute", min = "0",
            description = "The simulated print speed. 0: as fast as the documents can be read.")
    int pagesPerMinute() default 60;

    @AttributeDefinition(name = "Bytes per page", min = "1",
            description = "How pages are counted when a job's page count is unknown: each document has "
                    + "size / bytesPerPage pages, rounded up, and at least one.")
    int bytesPerPage() default 3000;

    @AttributeDefinition(name = "Colour", description = "Whether the printer says it prints in colour.")
    boolean color() default true;

    @AttributeDefinition(name = "Duplex", description = "Whether the printer says it prints two-sided.")
    boolean duplex() default true;

    @AttributeDefinition(name = "Document formats",
            description = "MIME types this printer takes (comma-separated in a .cfg file). "
                    + "application/octet-stream: any format.")
    String[] documentFormats() default "application/octet-stream";

    @AttributeDefinition(name = "Fault",
            description = "A fault to simulate: OFFLINE (reason offline-report), MEDIA_EMPTY (media-empty) or "
                    + "MEDIA_JAM (media-jam). The job stops and the core retries it.")
    Fault fault() default Fault.NONE;

    @AttributeDefinition(name = "Fault at page", min = "0",
            description = "Pages a job prints before the fault strikes: 0 before the first page, 2 after the "
                    + "second. A job with no more pages than this is not hit.")
    int faultAtPage() default 0;

    @AttributeDefinition(name = "Fault clears after (ms)", min = "0",
            description = "Milliseconds after it first strikes that the fault clears, so a retry succeeds. "
                    + "0: the fault stays until the configuration changes.")
    long faultClears() default 0;

    @AttributeDefinition(name = "Name hint", description = "How the web console lists these devices.")
    String webconsole_configurationFactory_nameHint() default "Virtual printer {device.id} {pagesPerMinute} ppm";
}
