package org.printhub.device;

/**
 * Event Admin topics and properties a driver posts for what its printer reports between job-state changes:
 * temperatures, fine-grained progress, and its own log lines (a 3D printer's serial console). They are not
 * stored; surfaces that show them live (OctoPrint's push socket) subscribe to {@code org/printhub/readings/*} and
 * keep the last value. A driver posts them with {@code EventAdmin.postEvent}, at most a few per second per
 * device.
 */
public final class DeviceReadings {
    /** Prefix of every reading topic. */
    public static final String TOPIC_PREFIX = "org/printhub/readings/";
    /**
     * Temperatures: {@link #DEVICE_ID}, {@link #TIME}, and for each heater {@code heater.<name>.actual} and,
     * when set, {@code heater.<name>.target} ({@code Double}, °C). Heater names as OctoPrint has them:
     * {@code tool0}, {@code tool1}, ..., {@code bed}, {@code chamber}.
     */
    public static final String TEMPERATURES = TOPIC_PREFIX + "TEMPERATURES";
    /**
     * Progress of the printing job: {@link #DEVICE_ID}, {@link #TIME}, {@link #JOB_ID}, {@link #BYTES_DONE},
     * {@link #BYTES_TOTAL}, optionally {@link #LAYER} and {@link #ESTIMATED_SECONDS_LEFT}.
     */
    public static final String PROGRESS = TOPIC_PREFIX + "PROGRESS";
    /** Lines the device exchanged ({@link #DEVICE_ID}, {@link #TIME}, {@link #LINES}), e.g. {@code Send: N5 G1 X10*34}. */
    public static final String LOG = TOPIC_PREFIX + "LOG";
    /** The driver's link to the printer opened, closed or failed: {@link #DEVICE_ID}, {@link #TIME}, {@link #CONNECTION_STATE}, {@link #MESSAGE}. */
    public static final String CONNECTION = TOPIC_PREFIX + "CONNECTION";

    /** {@code String}: the {@link DeviceInfo#id()}. */
    public static final String DEVICE_ID = "device.id";
    /** {@code Long}: when it was read, milliseconds since the epoch. */
    public static final String TIME = "time";
    /** {@code Long}: the job printing. */
    public static final String JOB_ID = "job.id";
    /** {@code Long}: document bytes the printer has acknowledged. */
    public static final String BYTES_DONE = "bytes.done";
    /** {@code Long}: document bytes in the job. */
    public static final String BYTES_TOTAL = "bytes.total";
    /** {@code Integer}: the layer printing, from 0, when the document marks layers. */
    public static final String LAYER = "layer";
    /** {@code Long}: the driver's estimate of the seconds left, when it has one. */
    public static final String ESTIMATED_SECONDS_LEFT = "seconds.left";
    /** {@code String[]}: log lines, oldest first. */
    public static final String LINES = "lines";
    /** {@code String}: {@code open}, {@code closed} or {@code error}. */
    public static final String CONNECTION_STATE = "connection.state";
    /** {@code String}: a human-readable detail. */
    public static final String MESSAGE = "message";

    /** The property name of a heater's current temperature. */
    public static String actual(String heater) {
        return "heater." + heater + ".actual";
    }

    /** The property name of a heater's target temperature. */
    public static String target(String heater) {
        return "heater." + heater + ".target";
    }

    private DeviceReadings() {
    }
}
