package org.printhub.device.gcode.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Printhub G-code device",
        description = "A 3D printer speaking the Marlin host protocol (Marlin, Prusa, Creality, RepRapFirmware in "
                + "Marlin mode) on a serial port or through a TCP serial bridge (ser2net).")
public @interface Config {

    @AttributeDefinition(name = "Device id",
            description = "The id jobs name. Empty: the configuration's name, e.g. 'mk3' for "
                    + "deploy/org.printhub.device.gcode-mk3.cfg.")
    String device_id() default "";

    @AttributeDefinition(name = "Name", description = "A display name. Empty: the device id.")
    String name() default "";

    @AttributeDefinition(name = "Location", description = "Where the printer stands, for people.")
    String location() default "";

    @AttributeDefinition(name = "Port",
            description = "The serial device (/dev/ttyUSB0, /dev/ttyACM0, /dev/serial/by-id/..., COM3) or "
                    + "socket://host:port for a TCP bridge to one (ser2net, socat). Required.")
    String port() default "";

    @AttributeDefinition(name = "Baud rate", description = "The serial port's speed; ignored for socket://.")
    int baudrate() default 115200;

    @AttributeDefinition(name = "Connect timeout (s)",
            description = "How long the printer may take to answer M110 after the port opens (an Arduino-based "
                    + "printer resets and boots for a few seconds when its port opens).")
    int connectTimeoutSeconds() default 10;

    @AttributeDefinition(name = "Answer timeout (s)",
            description = "How long the printer may take to answer \"ok\" to a line. Its \"busy:\" keep-alives, and "
                    + "temperature reports while it heats up (M109, M190), restart the wait. Past it the job stops "
                    + "(retryable, timed-out).")
    int answerTimeoutSeconds() default 30;

    @AttributeDefinition(name = "Temperature interval (s)",
            description = "How often temperatures are read: the printer is asked to report them itself "
                    + "(M155) and polled with M105 when it does not. 0: never.")
    int temperatureInterval() default 2;

    @AttributeDefinition(name = "Connect when idle",
            description = "Connect in the background as soon as the device is configured and stay connected "
                    + "between jobs, so temperatures are read while idle. Off: connect at the first job and "
                    + "stay connected after it.")
    boolean autoConnect() default true;

    @AttributeDefinition(name = "End script",
            description = "G-code sent after the last line of a job, lines separated by | or new lines. M400 "
                    + "waits until every move has finished, so the job completes when the print does.")
    String endScript() default "M400";

    @AttributeDefinition(name = "Cancel script",
            description = "G-code sent when a job is canceled or fails while the printer still answers: "
                    + "heaters and fan off, nozzle raised, head homed in X and Y, motors off.")
    String cancelScript() default "M104 S0|M140 S0|M107|G91|G1 Z10 F600|G90|G28 X Y|M84";

    @AttributeDefinition(name = "Pause script",
            description = "G-code sent when a job is suspended, before the driver waits: finish the moves, "
                    + "remember where the head is (M114), retract, raise and park. The position M114 reports "
                    + "is {x} {y} {z} {e} in the resume script.")
    String pauseScript() default "M400|M114|M83|G1 E-5 F1800|G91|G1 Z10 F600|G90|G1 X0 Y0 F6000";

    @AttributeDefinition(name = "Resume script",
            description = "G-code sent when a suspended job resumes: prime, go back to {x} {y} {z}, restore "
                    + "{e}, the document's positioning ({positioning}: G90/G91), extrusion mode ({extrusion}: "
                    + "M82/M83) and feed rate ({f}). A line naming an unknown value is left out.")
    String resumeScript() default "M83|G1 E5 F1800|G90|G92 E{e}|G1 X{x} Y{y} F6000|G1 Z{z} F600|{extrusion}|"
            + "{positioning}|G1 F{f}";

    @AttributeDefinition(name = "Document formats",
            description = "MIME types the printer takes (comma-separated in a .cfg file): G-code text, as "
                    + "Printhub's shell and OctoPrint surface name it (text/x.gcode) and as others do (text/x-gcode).")
    String[] documentFormats() default { "text/x.gcode", "text/x-gcode" };

    @AttributeDefinition(name = "Name hint", description = "How the web console lists these devices.")
    String webconsole_configurationFactory_nameHint() default "G-code device {device.id} {port}";
}
