package org.printhub.api.octoprint.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Printhub OctoPrint instance",
        description = "One OctoPrint-compatible server for one printer: REST API, application keys and live push.")
public @interface OctoPrintConfig {

    @AttributeDefinition(name = "Device id", description = "The Printhub device this instance prints on.")
    String device_id() default "demo";

    @AttributeDefinition(name = "Listener name",
            description = "Name of this instance's HTTP listener; unique per instance. The launcher property "
                    + "printhub.<listener>.port overrides the port (printhub.octoprint.port for the default).")
    String listener() default "octoprint";

    @AttributeDefinition(name = "Port",
            description = "TCP port: 5000 as OctoPrint uses, 0 for any free port, -1 to serve on the shared Printhub "
                    + "port under the path prefix.")
    int port() default 5000;

    @AttributeDefinition(name = "Path prefix",
            description = "Where the instance's paths start, e.g. /octoprint/demo; required on the shared port, "
                    + "empty on its own port.")
    String pathPrefix() default "";

    @AttributeDefinition(name = "Maximum upload (MiB)", description = "Uploads larger than this answer 413.")
    long maxUploadMiB() default 1024;

    @AttributeDefinition(name = "Document format",
            description = "The MIME type uploaded G-code is submitted as; the device must accept it.")
    String documentFormat() default "text/x.gcode";

    @AttributeDefinition(name = "Push interval (ms)",
            description = "Least time between two 'current' messages on the push socket while something changes; "
                    + "a client's throttle multiplies it.")
    long pushIntervalMillis() default 500;

    @AttributeDefinition(name = "Server version", description = "The OctoPrint version the instance reports.")
    String serverVersion() default "1.11.8";

    String webconsole_configurationFactory_nameHint() default "OctoPrint for {device.id} on port {port}";
}
