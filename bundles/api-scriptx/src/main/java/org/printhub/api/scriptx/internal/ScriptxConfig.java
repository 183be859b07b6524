package org.printhub.api.scriptx.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Printhub ScriptX.Services surface",
        description = "MeadCo ScriptX.Services as MeadCo's browser client (scriptxprint-html) uses it.")
public @interface ScriptxConfig {

    @AttributeDefinition(name = "Port",
            description = "The surface's own port (ScriptX.Services for Windows PC listens on 41191); 0 for any "
                    + "free port; -1 to serve on the shared Printhub port.")
    int port() default 41191;

    @AttributeDefinition(name = "Default printer",
            description = "The device id printed to when a page names none, 'default' or 'systemdefault'. "
                    + "Empty: the first device by id other than the file device.")
    String defaultPrinter() default "";

    @AttributeDefinition(name = "File device",
            description = "The device that takes print-to-file jobs (printer 'ScriptX.Services//PrintPreview.1' "
                    + "or a printToFileName): the rendered PDF is its job's document, downloaded from "
                    + "download/{jobToken}.")
    String fileDevice() default "pdf";

    @AttributeDefinition(name = "Allowed origins",
            description = "Browser origins whose pages may call the API (https://app.example.com); * for any. "
                    + "The licence is what authorises a call.")
    String[] allowedOrigins() default "*";

    @AttributeDefinition(name = "Request size limit (bytes)",
            description = "The largest print request: HTML content and data: URL PDFs travel inside the JSON.")
    long maxRequestBytes() default 32L << 20;

    @AttributeDefinition(name = "Default paper", description = "Paper when the device settings name none or "
            + "an unknown one: A4, Letter, Legal, A3, A5 ...")
    String defaultPaper() default "A4";

    @AttributeDefinition(name = "Pre-processing threads",
            description = "Jobs fetched and rendered at the same time; more wait as Queued.")
    int workers() default 2;

    @AttributeDefinition(name = "Waiting jobs",
            description = "Jobs accepted and not yet in the queue: their requests wait on disk (<data>/scriptx-intake) "
                    + "for a pre-processing thread, or are being prepared. Past this, prints are refused with a "
                    + "SoftError until some finish.")
    int maxWaiting() default 1000;

    @AttributeDefinition(name = "printDirect wait (seconds)",
            description = "How long printDirect waits for the printer to finish before answering.")
    int directTimeoutSeconds() default 30;

    @AttributeDefinition(name = "Forget after (minutes)",
            description = "How long a job that failed or was abandoned before reaching the queue keeps answering "
                    + "status calls.")
    int retainMinutes() default 60;
}
