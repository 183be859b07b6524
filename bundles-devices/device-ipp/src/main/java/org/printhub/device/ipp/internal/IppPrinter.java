package org.printhub.device.ipp.internal;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;

import org.printhub.device.ipp.internal.transport.DocumentBody;
import org.printhub.device.ipp.internal.transport.IppTransport;
import org.printhub.device.ipp.internal.transport.IppTransportException;

import com.hp.jipp.encoding.Attribute;
import com.hp.jipp.encoding.AttributeType;
import com.hp.jipp.encoding.IppPacket;
import com.hp.jipp.model.Status;
import com.hp.jipp.model.Types;

/**
 * The IPP operations the driver uses, on one printer: builds each request (RFC 8011 §4) and returns the printer's
 * answer whatever its status, which the caller interprets.
 */
final class IppPrinter {
    private static final int IPP_2_0 = 0x0200;
    private static final int IPP_1_1 = 0x0101;
    private static final LongConsumer NO_PROGRESS = n -> { };

    private final IppTransport transport;
    private final URI uri;
    private final Duration idleTimeout;
    private final AtomicInteger requestIds = new AtomicInteger();
    private volatile int version = IPP_2_0;

    IppPrinter(IppTransport transport, URI uri, Duration idleTimeout) {
        this.transport = transport;
        this.uri = uri;
        this.idleTimeout = idleTimeout;
    }

    URI uri() {
        return uri;
    }

    IppPacket getPrinterAttributes(List<AttributeType<?>> requested, String user)
            throws IppTransportException, InterruptedException {
        return send(IppPacket.getPrinterAttributes(uri, requested).putOperationAttributes(userName(user)), null,
                NO_PROGRESS, idleTimeout);
    }

    IppPacket validateJob(List<Attribute<?>> operation, List<Attribute<?>> job)
            throws IppTransportException, InterruptedException {
        return send(IppPacket.validateJob(uri).putOperationAttributes(operation).putJobAttributes(job), null,
                NO_PROGRESS, idleTimeout);
    }

    IppPacket printJob(List<Attribute<?>> operation, List<Attribute<?>> job, DocumentBody document,
            LongConsumer sent) throws IppTransportException, InterruptedException {
        return send(IppPacket.printJob(uri).putOperationAttributes(operation).putJobAttributes(job), document, sent,
                idleTimeout);
    }

    IppPacket createJob(List<Attribute<?>> operation, List<Attribute<?>> job)
            throws IppTransportException, InterruptedException {
        return send(IppPacket.createJob(uri).putOperationAttributes(operation).putJobAttributes(job), null,
                NO_PROGRESS, idleTimeout);
    }

    IppPacket sendDocument(int jobId, List<Attribute<?>> operation, boolean last, DocumentBody document,
            LongConsumer sent) throws IppTransportException, InterruptedException {
        return send(IppPacket.sendDocument(uri, jobId).putOperationAttributes(operation)
                .putOperationAttributes(Types.lastDocument.of(last)), document, sent, idleTimeout);
    }

    IppPacket getJobAttributes(int jobId, String user) throws IppTransportException, InterruptedException {
        return send(IppPacket.getJobAttributes(uri, jobId, Types.jobState, Types.jobStateReasons,
                Types.jobStateMessage, Types.jobName, Types.jobOriginatingUserName, Types.jobImpressionsCompleted)
                .putOperationAttributes(userName(user)), null, NO_PROGRESS, idleTimeout);
    }

    /** Printer state only, for the reasons a stopped job should carry. */
    IppPacket getPrinterState(String user) throws IppTransportException, InterruptedException {
        return send(IppPacket.getPrinterAttributes(uri, Types.printerState, Types.printerStateReasons,
                Types.printerStateMessage).putOperationAttributes(userName(user)), null, NO_PROGRESS, idleTimeout);
    }

    /** With its own short bound: it runs while the job is being canceled, when nobody should wait long. */
    IppPacket cancelJob(int jobId, String user, Duration timeout) throws IppTransportException, InterruptedException {
        return send(IppPacket.cancelJob(uri, jobId).putOperationAttributes(userName(user)), null, NO_PROGRESS,
                timeout);
    }

    private static Attribute<?> userName(String user) {
        return Types.requestingUserName.of(user);
    }

    /** Falls back to IPP/1.1 once, for the printers that refuse 2.0. */
    private IppPacket send(IppPacket.Builder request, DocumentBody document, LongConsumer sent, Duration timeout)
            throws IppTransportException, InterruptedException {
        int asked = version;
        IppPacket response = transport.exchange(request.setVersionNumber(asked)
                .setRequestId(requestIds.incrementAndGet()).build(), document, sent, timeout);
        if (response.getStatus().equals(Status.serverErrorVersionNotSupported) && asked == IPP_2_0) {
            version = IPP_1_1;
            response = transport.exchange(request.setVersionNumber(IPP_1_1)
                    .setRequestId(requestIds.incrementAndGet()).build(), document, sent, timeout);
        }
        return response;
    }
}
