package org.printhub.device.ipp.internal.transport;

import java.time.Duration;
import java.util.function.LongConsumer;

import com.hp.jipp.encoding.IppPacket;

/**
 * Carries IPP requests to one printer and brings back its responses. Knows HTTP, TLS and the IPP encoding,
 * nothing about jobs: what a status code means for a job is the caller's business.
 */
public interface IppTransport extends AutoCloseable {

    /**
     * Sends one request, with the document bytes following its attributes when {@code document} is not null,
     * and waits for the response. The wait is bounded: the exchange fails when neither a request byte goes out
     * nor a response byte comes in for {@code idleTimeout}.
     *
     * @param sent told, on the calling thread about once a second, how many document bytes have gone out
     * @throws IppTransportException when no IPP response arrived, with what went wrong
     * @throws InterruptedException when the calling thread is interrupted; the exchange is abandoned
     */
    IppPacket exchange(IppPacket request, DocumentBody document, LongConsumer sent, Duration idleTimeout)
            throws IppTransportException, InterruptedException;

    /** Ends every exchange in progress and releases the transport's threads. */
    @Override
    void close();
}
