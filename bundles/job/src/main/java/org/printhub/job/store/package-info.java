/**
 * The store SPI: what the job service needs from a durable job store. Implemented by the store bundle
 * (JDBC, with spool files); used only by the job service, never by surfaces or drivers.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package org.printhub.job.store;
