package org.printhub.http;

import java.net.URI;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The HTTP listeners API surfaces serve on. Each surface may listen on its own port (the original products'
 * ports differ, and two of them own {@code GET /api/version}), or share the one Printhub port where paths do not
 * collide; which is a matter of the surface's configuration.
 *
 * <p>A surface opens its listener when it activates, puts the returned filter in the
 * {@code osgi.http.whiteboard.target} property of every whiteboard service it registers (see
 * {@link WhiteboardProperties}), and closes the listener when it deactivates. A whiteboard service without a target
 * would be served on every listener.
 */
@ProviderType
public interface HttpEndpoints {
    /** The port value that means "the shared Printhub port" ({@code printhub.http.port}). */
    int SHARED = -1;

    /**
     * Opens the listener called {@code name} on {@code port} at the Printhub HTTP host
     * ({@code printhub.http.host}), or moves it to {@code port} if it is open on another one. A launcher property
     * {@code printhub.<name>.port} overrides {@code port}.
     *
     * @param name a short name of letters, digits, {@code .} and {@code -}, unique per surface
     * @param port a TCP port, {@code 0} for any free one, or {@link #SHARED}
     * @return the LDAP filter that selects this listener, for {@code osgi.http.whiteboard.target}
     * @throws IllegalArgumentException for a bad name or a port outside -1..65535
     */
    String open(String name, int port);

    /** Closes the listener opened as {@code name}; nothing happens for an unknown name or a shared listener. */
    void close(String name);

    /**
     * The base URL of the listener opened as {@code name}, such as {@code http://127.0.0.1:41191/}, once it is
     * listening; empty before that, or when it could not bind its port.
     */
    Optional<URI> endpoint(String name);
}
