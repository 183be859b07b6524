package org.printhub.convert.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(id = CommandConverter.FACTORY_PID, name = "Printhub document converter (program)",
        description = "Converts documents of one format into another by piping them through a program, for "
                + "devices that do not take the original format.")
@interface ConverterConfig {
    @AttributeDefinition(name = "From", description = "MIME type the program reads, e.g. application/pdf.")
    String converter_from();

    @AttributeDefinition(name = "To", description = "MIME type the program writes, e.g. application/postscript.")
    String converter_to();

    @AttributeDefinition(name = "Command",
            description = "The program and its arguments, separated by spaces; it reads the document on its "
                    + "standard input and writes the result to its standard output. Run directly, never by a shell.")
    String command();

    @AttributeDefinition(name = "Timeout (seconds)",
            description = "A conversion that takes longer is stopped and the submission refused.")
    int timeoutSeconds() default 300;

    String webconsole_configurationFactory_nameHint() default "{converter.from} to {converter.to}";
}
