/**
 * The device SPI: what a driver bundle implements to put printers behind Printhub.
 *
 * <p>A driver registers one {@link org.printhub.device.Device} service per configured printer, normally as a
 * Declarative Services component with a required factory configuration whose factory PID is the driver's
 * dotted name (e.g. {@code org.printhub.device.ipp}). The core's dispatcher runs at most
 * {@link org.printhub.device.DeviceInfo#concurrency()} {@link org.printhub.device.PrintTask}s on it at a time,
 * each on a thread of its own.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package org.printhub.device;
