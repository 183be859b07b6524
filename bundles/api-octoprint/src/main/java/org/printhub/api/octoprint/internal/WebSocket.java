package org.printhub.api.octoprint.internal;

/** A server-side websocket as the push sessions see it, whichever way it was opened. */
interface WebSocket {

    /** What a websocket reports; called on a connection thread, one call at a time per socket. */
    interface Listener {
        void onOpen(WebSocket socket);

        void onText(String text);

        void onClose();
    }

    /** Queues a text message; never blocks. A client that falls too far behind is disconnected. */
    void sendText(String text);

    void sendPing();

    /** Sends a close frame and closes the connection once it is written. */
    void close(int code, String reason);
}
