package org.printhub.device.socket.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Printhub raw socket device",
        description = "A printer taking jobs on a raw TCP port (port 9100, AppSocket, JetDirect).")
public @interface Config {

    @AttributeDefinition(name = "Device id",
            description = "The id jobs name. Empty: the configuration's name, e.g. 'office' for "
                    + "deploy/org.printhub.device.socket-office.cfg.")
    String device_id() default "";

    @AttributeDefinition(name = "Name", description = "A display name. Empty: the device id.")
    String name() default "";

    @AttributeDefinition(name = "Location", description = "Where the printer stands, for people.")
    String location() default "";

    @AttributeDefinition(name = "Host", description = "The printer's host name or IP address (required).")
    String host() default "";

    @AttributeDefinition(name = "Port", description = "The printer's raw port.")
    int port() default 9100;

    @AttributeDefinition(name = "PJL job wrapper",
            description = "Wrap each job in PJL (@PJL JOB ... @PJL EOJ) so the printer keeps its documents "
                    + "together and shows the job name. Only for printers that understand PJL (most HP-compatible "
                    + "laser printers).")
    boolean pjl() default false;

    @AttributeDefinition(name = "Wait for end of job",
            description = "With the PJL wrapper: ask for job status (@PJL USTATUS JOB=ON) and finish the job only "
                    + "when the printer reports it printed (its END echo), with the page count it reports.")
    boolean waitForEndOfJob() default false;

    @AttributeDefinition(name = "End-of-job timeout (s)",
            description = "How long to wait for the printer's END echo after the last byte. When it does not come, "
                    + "the job stops (retryable, timed-out) rather than being taken as printed.")
    int endOfJobTimeoutSeconds() default 300;

    @AttributeDefinition(name = "Connect timeout (s)", description = "How long to wait for the printer to accept.")
    int connectTimeoutSeconds() default 10;

    @AttributeDefinition(name = "I/O timeout (s)",
            description = "How long the printer may take no data before the job stops (retryable, timed-out); "
                    + "also how long to wait, after the last byte, for the printer to close the connection.")
    int ioTimeoutSeconds() default 60;

    @AttributeDefinition(name = "Document formats",
            description = "MIME types the printer takes (comma-separated in a .cfg file), sent unchanged. "
                    + "application/octet-stream: any.")
    String[] documentFormats() default "application/octet-stream";

    @AttributeDefinition(name = "Name hint", description = "How the web console lists these devices.")
    String webconsole_configurationFactory_nameHint() default "Raw socket device {device.id} {host}:{port}";
}
