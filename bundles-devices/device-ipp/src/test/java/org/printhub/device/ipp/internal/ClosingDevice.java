package org.printhub.device.ipp.internal;

/** Deactivates a device at the end of a test, as SCR would. */
record ClosingDevice(IppDevice device) implements AutoCloseable {
    @Override
    public void close() {
        device.deactivate();
    }
}
