package org.printhub.job;

/**
 * Event Admin topics and properties the job service posts, so surfaces and consoles follow jobs and
 * devices without polling. Events are posted asynchronously, in order per job.
 */
public final class JobEvents {
    /** Prefix of every job topic; subscribe to {@code org/printhub/job/*}. */
    public static final String JOB_TOPIC_PREFIX = "org/printhub/job/";
    /** A job was accepted. */
    public static final String JOB_SUBMITTED = JOB_TOPIC_PREFIX + "SUBMITTED";
    /** A job changed state or reasons. */
    public static final String JOB_STATE_CHANGED = JOB_TOPIC_PREFIX + "STATE_CHANGED";
    /** A printing job reported pages or a message. */
    public static final String JOB_PROGRESS = JOB_TOPIC_PREFIX + "PROGRESS";
    /** A job was deleted; the event carries its last snapshot. */
    public static final String JOB_DELETED = JOB_TOPIC_PREFIX + "DELETED";
    /** A job's ticket, device or metadata changed, state unchanged. */
    public static final String JOB_UPDATED = JOB_TOPIC_PREFIX + "UPDATED";

    /** Prefix of every device topic; subscribe to {@code org/printhub/device/*}. */
    public static final String DEVICE_TOPIC_PREFIX = "org/printhub/device/";
    public static final String DEVICE_ADDED = DEVICE_TOPIC_PREFIX + "ADDED";
    public static final String DEVICE_REMOVED = DEVICE_TOPIC_PREFIX + "REMOVED";
    /** Paused, resumed, or its printer state changed. */
    public static final String DEVICE_CHANGED = DEVICE_TOPIC_PREFIX + "CHANGED";

    /** {@code Long}: the job id. */
    public static final String JOB_ID = "job.id";
    /** {@code String}: the job token. */
    public static final String JOB_TOKEN = "job.token";
    /** {@code String}: the {@link JobState#keyword()} after the change. */
    public static final String JOB_STATE = "job.state";
    /** {@code String}: the {@link JobState#keyword()} before the change (state changes only). */
    public static final String JOB_PREVIOUS_STATE = "job.previous.state";
    /** {@code String[]}: the job-state-reasons after the change. */
    public static final String JOB_STATE_REASONS = "job.state.reasons";
    /** {@code String}: the job-state-message. */
    public static final String JOB_STATE_MESSAGE = "job.state.message";
    /** {@code Integer}: pages completed. */
    public static final String JOB_PAGES_COMPLETED = "job.pages.completed";
    /** {@code String}: the job's origin surface. */
    public static final String JOB_ORIGIN = "job.origin";
    /** {@code String}: the job's owner. */
    public static final String JOB_OWNER = "job.owner";
    /** {@code Job}: the snapshot after the change. */
    public static final String JOB = "job";
    /** {@code String}: the device id (job and device events). */
    public static final String DEVICE_ID = "device.id";

    private JobEvents() {
    }
}
