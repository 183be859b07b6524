package org.printhub.render.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Printhub URL fetching",
        description = "Rules for the URLs the server fetches for clients (ScriptX URL content, PDF documents, "
                + "and every resource an HTML page loads while it is rendered).")
public @interface FetchConfig {

    @AttributeDefinition(name = "Allow list",
            description = "Hosts (intranet.example, *.example) and networks (10.1.0.0/16, 127.0.0.1) that may be "
                    + "fetched although they are loopback, link-local or private. Empty: public addresses only.")
    String[] allowList() default {};

    @AttributeDefinition(name = "Size limit (bytes)", description = "The largest body fetched.")
    long maxBytes() default 64L << 20;

    @AttributeDefinition(name = "Timeout (seconds)",
            description = "The longest a fetch may take, from connecting to the last byte.")
    int timeoutSeconds() default 30;

    @AttributeDefinition(name = "Redirects", description = "The most redirects followed; each is checked again.")
    int maxRedirects() default 5;
}
