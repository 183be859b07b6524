package org.printhub.device.gcode.internal;

/** The configured scripts a job may need. */
record Scripts(Script end, Script cancel, Script pause, Script resume) {

    /** @throws IllegalArgumentException for a script line no printer takes */
    static Scripts of(Config config) {
        return new Scripts(Script.parse("endScript", config.endScript()), Script.parse("cancelScript", config.cancelScript()),
                Script.parse("pauseScript", config.pauseScript()), Script.parse("resumeScript", config.resumeScript()));
    }
}
