package org.printhub.api.cirrus.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Printhub CirrusPrint surface",
        description = "The CirrusPrint 3.0-compatible API: every path under /api on its own port.")
public @interface CirrusConfig {

    @AttributeDefinition(name = "Port",
            description = "TCP port of the CirrusPrint listener: 27082 as CirrusPrint 3.0 uses, 0 for any free "
                    + "port, -1 to serve on the shared Printhub port instead (printhub.http.port). "
                    + "The address is printhub.http.host.")
    int port() default 27082;

    @AttributeDefinition(name = "Upload expiry (minutes)",
            description = "A file uploaded with putfile (no targets) or tempfile is deleted after this long unused; "
                    + "each segment and each submitfile counts as a use.")
    long uploadExpiryMinutes() default 24 * 60;

    @AttributeDefinition(name = "Uploaded files per company",
            description = "How many uploaded files a company may hold at once.")
    int maxUploadsPerCompany() default 100;

    @AttributeDefinition(name = "Separate segments per file",
            description = "How many disjoint byte ranges a segmented upload may have at once. "
                    + "Segments sent in order always form one range.")
    int maxSegmentRanges() default 4096;

    @AttributeDefinition(name = "Server version",
            description = "First line of GET /api/version.")
    String serverVersion() default "3.0.0";

    @AttributeDefinition(name = "Client version",
            description = "Second line of GET /api/version.")
    String clientVersion() default "3.0.0";

    @AttributeDefinition(name = "Serial number",
            description = "Third line of GET /api/version.")
    String serialNumber() default "PRINTHUB";

    @AttributeDefinition(name = "Licensee",
            description = "Fourth line of GET /api/version.")
    String licensee() default "Printhub";
}
