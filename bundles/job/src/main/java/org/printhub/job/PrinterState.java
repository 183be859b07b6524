package org.printhub.job;

/** IPP {@code printer-state}, plus whether the device is registered at all. */
public enum PrinterState {
    IDLE(3, "idle"),
    PROCESSING(4, "processing"),
    STOPPED(5, "stopped");

    private final int ippValue;
    private final String keyword;

    PrinterState(int ippValue, String keyword) {
        this.ippValue = ippValue;
        this.keyword = keyword;
    }

    public int ippValue() {
        return ippValue;
    }

    public String keyword() {
        return keyword;
    }
}
