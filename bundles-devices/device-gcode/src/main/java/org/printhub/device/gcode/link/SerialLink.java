package org.printhub.device.gcode.link;

import java.io.IOException;

import com.fazecast.jSerialComm.SerialPort;

/** A serial port through jSerialComm: 8 data bits, no parity, one stop bit, no flow control. */
final class SerialLink implements Link {
    private static final int READ_WAIT_MILLIS = 200;
    private static final int WRITE_TIMEOUT_MILLIS = 10_000;

    private final SerialPort port;
    private final String path;

    private SerialLink(SerialPort port, String path) {
        this.port = port;
        this.path = path;
    }

    static SerialLink open(String path, int baudrate) throws IOException {
        SerialPort port;
        try {
            port = SerialPort.getCommPort(path);
        } catch (RuntimeException e) { // SerialPortInvalidPortException: nothing at that path
            throw new IOException("no such device", e);
        }
        port.setComPortParameters(baudrate, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
        port.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
        port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING,
                READ_WAIT_MILLIS, WRITE_TIMEOUT_MILLIS);
        if (!port.openPort()) {
            throw new IOException(explain(port.getLastErrorCode()));
        }
        return new SerialLink(port, path);
    }

    /** jSerialComm's last error is the system's errno. */
    private static String explain(int errno) {
        return switch (errno) {
            case 2 -> "no such device";
            case 13 -> "permission denied (on Linux the user needs the dialout group)";
            case 16 -> "the port is busy (another program has it open)";
            default -> "error " + errno;
        };
    }

    @Override
    public void write(byte[] bytes) throws IOException {
        int done = 0;
        while (done < bytes.length) {
            int n = port.writeBytes(bytes, bytes.length - done, done);
            if (n <= 0) {
                throw new IOException("writing to serial port " + path + " failed (error " + port.getLastErrorCode() + ")");
            }
            done += n;
        }
    }

    @Override
    public int read(byte[] buffer) throws IOException {
        int n = port.readBytes(buffer, buffer.length);
        return n < 0 ? -1 : n; // jSerialComm answers -1 once the device is gone (unplugged, pty closed)
    }

    @Override
    public String describe() {
        return path;
    }

    @Override
    public void close() {
        port.closePort();
    }
}
