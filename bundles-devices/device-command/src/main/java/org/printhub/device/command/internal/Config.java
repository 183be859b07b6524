package org.printhub.device.command.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Printhub command device",
        description = "Pipes each document into a program, started directly (never through a shell), with job "
                + "values as its arguments.")
public @interface Config {

    @AttributeDefinition(name = "Device id",
            description = "The id jobs name. Empty: the configuration's name, e.g. 'office' for "
                    + "deploy/org.printhub.device.command-office.cfg.")
    String device_id() default "";

    @AttributeDefinition(name = "Name", description = "A display name. Empty: the device id.")
    String name() default "";

    @AttributeDefinition(name = "Location", description = "Where the output goes, for people.")
    String location() default "";

    @AttributeDefinition(name = "Command",
            description = "The program and its arguments (required). As one value (a .cfg file) it is split into "
                    + "words at spaces, with '...' and \"...\" keeping spaces in a word; as several values each is one "
                    + "argument. Nothing else of a shell applies: no variables, wildcards, pipes or redirections. "
                    + "Arguments may hold tokens, each replaced by a job value: {id} {token} {name} {owner} {copies} "
                    + "{sides} {color} {orientation} {media} {pages} {format} {document} {index} {size} {device}. "
                    + "The program itself may hold none. A program without '/' is looked up on the PATH.")
    String[] command() default {};

    @AttributeDefinition(name = "Working directory", description = "Where the program runs. Empty: the server's.")
    String workingDirectory() default "";

    @AttributeDefinition(name = "Timeout (s)",
            description = "How long one document may take, from start to exit. Past it the program and its "
                    + "children are killed and the job stops (retryable, timed-out).")
    int timeoutSeconds() default 300;

    @AttributeDefinition(name = "Exit codes that abort",
            description = "Exit codes that mean the document itself is bad (the job is aborted with "
                    + "document-format-error). Any other exit code but 0 stops the job to be retried.")
    int[] abortExitCodes() default {};

    @AttributeDefinition(name = "Document formats",
            description = "MIME types the program takes (comma-separated in a .cfg file). application/octet-stream: any.")
    String[] documentFormats() default "application/octet-stream";

    @AttributeDefinition(name = "Name hint", description = "How the web console lists these devices.")
    String webconsole_configurationFactory_nameHint() default "Command device {device.id} {command}";
}
