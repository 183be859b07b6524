package org.printhub.device.file.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Printhub file device",
        description = "A printer that writes each document of a job to a file in a directory.")
public @interface Config {

    @AttributeDefinition(name = "Device id",
            description = "The id jobs name. Empty: the configuration's name, e.g. 'office' for "
                    + "deploy/org.printhub.device.file-office.cfg.")
    String device_id() default "";

    @AttributeDefinition(name = "Name", description = "A display name. Empty: the device id.")
    String name() default "";

    @AttributeDefinition(name = "Location", description = "Where the output goes, for people, e.g. 'Archive share'.")
    String location() default "";

    @AttributeDefinition(name = "Directory",
            description = "Where files are written: absolute, or relative to the data directory. "
                    + "Empty: <data directory>/output/<device id>. Created when missing.")
    String directory() default "";

    @AttributeDefinition(name = "File name",
            description = "Pattern for each document's file name. Tokens: {id} job id, {token} job token, "
                    + "{name} job name, {owner}, {document} document name without extension, "
                    + "{index} document position from 1, {ext} extension for the document format, "
                    + "{device} device id, {date} UTC time of writing (yyyyMMdd'T'HHmmss'Z'), {copies} copies "
                    + "asked for (each document is written once). Other text: letters, digits and - _ . + ( ). "
                    + "An existing file is never overwritten: a suffix -1, -2, ... is added instead.")
    String fileName() default "{id}-{index}-{name}.{ext}";

    @AttributeDefinition(name = "Document formats",
            description = "MIME types this device takes (comma-separated in a .cfg file). "
                    + "application/octet-stream: any format, written unchanged.")
    String[] documentFormats() default "application/octet-stream";

    @AttributeDefinition(name = "Name hint", description = "How the web console lists these devices.")
    String webconsole_configurationFactory_nameHint() default "File device {device.id} {directory}";
}
