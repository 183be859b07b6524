package org.printhub.device.virtual.internal;

/** A fault the virtual printer can be told to have, with the IPP printer-state-reason it reports. */
public enum Fault {
    NONE(null, null),
    /** RFC 8011 has no plain "offline"; CUPS backends report an unreachable printer as {@code offline-report}. */
    OFFLINE("offline-report", "the printer is offline"),
    MEDIA_EMPTY("media-empty", "out of paper"),
    MEDIA_JAM("media-jam", "paper jam");

    private final String reason;
    private final String message;

    Fault(String reason, String message) {
        this.reason = reason;
        this.message = message;
    }

    String reason() {
        return reason;
    }

    String message() {
        return message;
    }
}
