package org.printhub.device.ipp.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(name = "Printhub IPP device",
        description = "A printer reached over IPP or IPPS (RFC 8011, IPP Everywhere).")
public @interface Config {

    @AttributeDefinition(name = "Device id",
            description = "The id jobs name. Empty: the configuration's name, e.g. 'office' for "
                    + "deploy/org.printhub.device.ipp-office.cfg.")
    String device_id() default "";

    @AttributeDefinition(name = "Name", description = "A display name. Empty: the device id.")
    String name() default "";

    @AttributeDefinition(name = "Location", description = "Where the printer stands, for people.")
    String location() default "";

    @AttributeDefinition(name = "Printer URI",
            description = "ipp://host[:port]/path or ipps://host[:port]/path (port 631 when omitted), e.g. "
                    + "ipp://printer.example/ipp/print or ipp://cups.example:631/printers/office.")
    String uri();

    @AttributeDefinition(name = "Document formats",
            description = "MIME types this device accepts (comma-separated in a .cfg file). "
                    + "application/octet-stream: whatever the printer says it takes, checked when a job prints.")
    String[] documentFormats() default "application/octet-stream";

    @AttributeDefinition(name = "User name",
            description = "requesting-user-name sent with every job. Empty: the job's owner.")
    String userName() default "";

    @AttributeDefinition(name = "TLS trust", description = "Which certificates an ipps:// printer may present.",
            options = {
                @Option(value = "system", label = "The JVM's trust store, host name checked"),
                @Option(value = "truststore", label = "The trust store below, host name checked"),
                @Option(value = "accept-any", label = "Any certificate (self-signed printers): encrypted, not authenticated")
            })
    String tlsTrust() default "system";

    @AttributeDefinition(name = "Trust store", description = "PKCS12 or JKS file, for TLS trust 'truststore'.")
    String trustStore() default "";

    @AttributeDefinition(name = "Trust store password", type = AttributeType.PASSWORD,
            description = "Password of the trust store; empty when it has none.")
    String trustStorePassword() default "";

    @AttributeDefinition(name = "Connect timeout (s)", min = "1", max = "300",
            description = "How long to wait for the printer to accept a connection.")
    int connectTimeoutSeconds() default 10;

    @AttributeDefinition(name = "Idle timeout (s)", min = "1", max = "3600",
            description = "An exchange fails when the printer neither takes nor sends a byte for this long.")
    int idleTimeoutSeconds() default 60;

    @AttributeDefinition(name = "Status poll interval (ms)", min = "100", max = "60000",
            description = "How often the job is looked up on the printer (Get-Job-Attributes) until it is done.")
    int pollIntervalMillis() default 1_000;

    @AttributeDefinition(name = "Busy retry limit (s)", min = "0", max = "86400",
            description = "How long a printer that answers server-error-busy is asked again, with back-off, "
                    + "before the job stops with reason 'other' and the core retries it later.")
    int busyRetrySeconds() default 600;

    @AttributeDefinition(name = "Name hint", description = "How the web console lists these devices.")
    String webconsole_configurationFactory_nameHint() default "IPP device {device.id} {uri}";
}
