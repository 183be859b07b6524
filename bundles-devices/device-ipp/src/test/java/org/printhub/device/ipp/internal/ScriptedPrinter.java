package org.printhub.device.ipp.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.util.List;

import com.hp.jipp.encoding.Attribute;
import com.hp.jipp.encoding.IppPacket;
import com.hp.jipp.model.JobState;
import com.hp.jipp.model.Operation;
import com.hp.jipp.model.PrinterState;
import com.hp.jipp.model.Status;
import com.hp.jipp.model.Types;

import kotlin.ranges.IntRange;

/**
 * A printer as a script for {@link ScriptedIppPeer}: takes PDF, one job at a time, and reports whatever job and
 * printer state the test sets.
 */
final class ScriptedPrinter implements ScriptedIppPeer.Script {
    volatile JobState jobState = JobState.completed;
    volatile List<String> jobReasons = List.of("job-completed-successfully");
    volatile PrinterState printerState = PrinterState.idle;
    volatile List<String> printerReasons = List.of("none");
    volatile long documentBytes;
    /** Answers client-error-not-found about any job, as a printer that keeps no history of finished jobs. */
    volatile boolean forgetsJobs;

    @Override
    public void answer(IppPacket request, InputStream document, Socket socket) throws IOException {
        int id = request.getRequestId();
        Operation op = request.getOperation();
        IppPacket.Builder response;
        if (op.equals(Operation.getPrinterAttributes)) {
            response = IppPacket.response(Status.successfulOk).putPrinterAttributes(printerAttributes());
        } else if (op.equals(Operation.printJob)) {
            documentBytes = document.transferTo(OutputStream.nullOutputStream());
            response = IppPacket.jobResponse(Status.successfulOk, 7, URI.create("ipp://127.0.0.1/jobs/7"),
                    JobState.pending);
        } else if (op.equals(Operation.getJobAttributes) && forgetsJobs) {
            response = IppPacket.response(Status.clientErrorNotFound);
        } else if (op.equals(Operation.getJobAttributes)) {
            response = IppPacket.jobResponse(Status.successfulOk, 7, URI.create("ipp://127.0.0.1/jobs/7"), jobState,
                    jobReasons);
        } else if (op.equals(Operation.cancelJob)) {
            jobState = JobState.canceled;
            response = IppPacket.response(Status.successfulOk);
        } else {
            response = IppPacket.response(Status.serverErrorOperationNotSupported);
        }
        ScriptedIppPeer.reply(socket, response.setRequestId(id).build());
    }

    List<Attribute<?>> printerAttributes() {
        return List.of(Types.printerMakeAndModel.of("Scripted printer"),
                Types.documentFormatSupported.of("application/pdf"),
                Types.mediaSupported.of("iso_a4_210x297mm"),
                Types.sidesSupported.of("one-sided", "two-sided-long-edge"),
                Types.copiesSupported.of(new IntRange(1, 1)),
                Types.operationsSupported.of(Operation.printJob, Operation.getJobAttributes, Operation.cancelJob,
                        Operation.getPrinterAttributes),
                Types.printerState.of(printerState),
                Types.printerStateReasons.of(printerReasons));
    }
}
