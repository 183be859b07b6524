package org.printhub.job;

/**
 * The seven IPP job states (RFC 8011 §5.3.7), with their enum values and keywords.
 */
public enum JobState {
    PENDING(3, "pending"),
    HELD(4, "pending-held"),
    PROCESSING(5, "processing"),
    STOPPED(6, "processing-stopped"),
    CANCELED(7, "canceled"),
    ABORTED(8, "aborted"),
    COMPLETED(9, "completed");

    private final int ippValue;
    private final String keyword;

    JobState(int ippValue, String keyword) {
        this.ippValue = ippValue;
        this.keyword = keyword;
    }

    /** The IPP {@code job-state} enum value, 3 to 9. */
    public int ippValue() {
        return ippValue;
    }

    /** The IPP keyword, e.g. {@code pending-held}. */
    public String keyword() {
        return keyword;
    }

    /** Canceled, aborted and completed jobs never change state again, except by an explicit restart. */
    public boolean isTerminal() {
        return this == CANCELED || this == ABORTED || this == COMPLETED;
    }

    /** A job that is still to be printed or is printing. */
    public boolean isActive() {
        return !isTerminal();
    }

    /**
     * @throws IllegalArgumentException if {@code value} is not an IPP job-state
     */
    public static JobState ofIppValue(int value) {
        for (JobState s : values()) {
            if (s.ippValue == value) {
                return s;
            }
        }
        throw new IllegalArgumentException("not an IPP job-state: " + value);
    }

    /**
     * Accepts the IPP keyword ({@code pending-held}) or the enum name ({@code HELD}), in any case.
     *
     * @throws IllegalArgumentException if {@code text} names no state
     */
    public static JobState parse(String text) {
        return Keywords.parse(values(), JobState::keyword, text, "a job state");
    }
}
