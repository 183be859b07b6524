package org.printhub.device;

import java.io.IOException;
import java.io.InputStream;

import org.osgi.annotation.versioning.ConsumerType;
import org.printhub.job.JobTicket;

/**
 * Turns documents of one format into another, so that a device gets a format it takes. A converter is a service
 * with the properties {@link #FROM} and {@link #TO} (MIME types); when a job is submitted to a device that does not
 * take one of its documents' formats, the job service converts the document with a converter from that format to
 * one the device takes, and spools the result. Without one, the submission is refused.
 */
@ConsumerType
public interface DocumentConverter {
    /** Service property: the MIME type a converter reads. */
    String FROM = "converter.from";
    /** Service property: the MIME type a converter writes. */
    String TO = "converter.to";

    /**
     * Starts converting {@code in} and returns the converted document as a stream, to be read to its end and
     * closed. The conversion streams: it must not hold the whole document in memory.
     *
     * @param in the document; the converter reads it to the end but does not close it
     * @param name the document's name, for messages
     * @param ticket the job's ticket, for converters that honour some of it (e.g. page ranges)
     * @throws IOException from this call, from {@code read} or from {@code close} when the conversion fails
     *         (a bad document, a converter that fails or takes too long); the message says why
     */
    InputStream convert(InputStream in, String name, JobTicket ticket) throws IOException;
}
