package org.printhub.device.lpd.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(name = "Printhub LPD device",
        description = "A printer or print queue reached over LPD (RFC 1179, port 515).")
public @interface Config {

    @AttributeDefinition(name = "Device id",
            description = "The id jobs name. Empty: the configuration's name, e.g. 'office' for "
                    + "deploy/org.printhub.device.lpd-office.cfg.")
    String device_id() default "";

    @AttributeDefinition(name = "Name", description = "A display name. Empty: the device id.")
    String name() default "";

    @AttributeDefinition(name = "Location", description = "Where the printer stands, for people.")
    String location() default "";

    @AttributeDefinition(name = "Host", description = "The LPD server's host name or IP address (required).")
    String host() default "";

    @AttributeDefinition(name = "Port", description = "The LPD server's port.")
    int port() default 515;

    @AttributeDefinition(name = "Queue", description = "The queue (printer) name on the server, e.g. 'lp' or 'raw'.")
    String queue() default "lp";

    @AttributeDefinition(name = "Source port",
            description = "RFC 1179 asks clients to connect from a reserved port (721-731), which needs root or "
                    + "CAP_NET_BIND_SERVICE, and some servers insist on it.",
            options = {
                @Option(value = "auto", label = "auto: 721-731 when allowed and free, else any"),
                @Option(value = "reserved", label = "reserved: only 721-731 (the job waits when none is usable)"),
                @Option(value = "any", label = "any: an ephemeral port") })
    String sourcePort() default "auto";

    @AttributeDefinition(name = "Client host name",
            description = "The host name sent in the control file (H line, at most 31 characters). "
                    + "Empty: this machine's name.")
    String clientHost() default "";

    @AttributeDefinition(name = "Banner page", description = "Ask the server for a banner page (L line).")
    boolean banner() default false;

    @AttributeDefinition(name = "Control file first",
            description = "Send the control file before the data files. By default the data goes first, so the "
                    + "server only sees a job once all of its data has arrived; a few servers want it the other way.")
    boolean controlFileFirst() default false;

    @AttributeDefinition(name = "Connect timeout (s)", description = "How long to wait for the server to accept.")
    int connectTimeoutSeconds() default 10;

    @AttributeDefinition(name = "I/O timeout (s)",
            description = "How long the server may take no data or leave an acknowledgement unanswered before the "
                    + "job stops (retryable, timed-out).")
    int ioTimeoutSeconds() default 60;

    @AttributeDefinition(name = "Document formats",
            description = "MIME types the queue takes (comma-separated in a .cfg file), sent unchanged as "
                    + "literal ('l') files. application/octet-stream: any.")
    String[] documentFormats() default "application/octet-stream";

    @AttributeDefinition(name = "Name hint", description = "How the web console lists these devices.")
    String webconsole_configurationFactory_nameHint() default "LPD device {device.id} {host}/{queue}";
}
