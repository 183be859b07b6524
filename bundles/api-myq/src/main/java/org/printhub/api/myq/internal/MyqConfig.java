package org.printhub.api.myq.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(id = MyqConfig.PID, name = "Printhub MyQ X surface",
        description = "The MyQ X v3-compatible REST API: OAuth tokens with scopes, the user's jobs, pull printing.")
public @interface MyqConfig {
    String PID = "org.printhub.api.myq";

    @AttributeDefinition(name = "Port",
            description = "TCP port of the surface's own listener (MyQ's is 8093); 0 picks a free one, "
                    + "-1 serves on the shared Printhub port.")
    int port() default 8093;

    @AttributeDefinition(name = "Access token lifetime (s)", description = "MyQ issues tokens of 1800 s.")
    long accessTokenSeconds() default 1800;

    @AttributeDefinition(name = "Refresh token lifetime (s)",
            description = "How long a refresh token (scope offline.access) works if unused; each use replaces it.")
    long refreshTokenSeconds() default 30L * 24 * 3600;

    @AttributeDefinition(name = "Pull queues",
            description = "Queues whose jobs wait (pending-held) until their owner releases them at a printer. "
                    + "Each is a device of that id that never prints; any surface can submit to it.")
    String[] pullQueues() default { "follow" };

    @AttributeDefinition(name = "Held job retention (s)",
            description = "A job still waiting in a pull queue this long after it arrived is deleted "
                    + "(MyQ state 'deleted').")
    long heldRetentionSeconds() default 3L * 24 * 3600;

    @AttributeDefinition(name = "Retention check interval (s)", description = "How often expired held jobs are looked for.")
    long retentionCheckSeconds() default 60;

    @AttributeDefinition(name = "Prices",
            description = "Price table, one entry per device: 'device:mono:colour:duplexDiscount', e.g. "
                    + "'office:0.04:0.20:0.1' (price per mono page, per colour page, fraction off for two-sided). "
                    + "'*' is the default for devices without an entry.")
    String[] prices() default { "*:0.05:0.25:0.1" };

    @AttributeDefinition(name = "Failed logins allowed",
            description = "Failed token requests allowed per client address, and per account, in the window below; "
                    + "after that the token endpoint answers 429 until the window has passed.")
    int maxFailedLogins() default 10;

    @AttributeDefinition(name = "Failed login window (s)")
    long failedLoginWindowSeconds() default 300;

    @AttributeDefinition(name = "CORS origins",
            description = "Browser origins that may call the API, e.g. https://kiosk.example.com; '*' for any. "
                    + "Empty allows none.")
    String[] corsOrigins() default {};

    @AttributeDefinition(name = "Time zone",
            description = "Zone of the job dates (date, dateTime); empty for the server's zone.")
    String timeZone() default "";
}
