package org.printhub.device.ipp.internal.transport;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/** Which printer certificates {@code ipps} accepts. */
public final class TlsTrust {
    private TlsTrust() {
    }

    /** The JVM's default trust store, with host name checking. */
    public static SSLContext system() {
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no default TLS context in this JVM", e);
        }
    }

    /**
     * Certificates that chain to one in the given store (PKCS12 or JKS), with host name checking.
     *
     * @throws IllegalArgumentException when the store cannot be read
     */
    public static SSLContext trustStore(Path store, char[] password) {
        try {
            KeyStore keys = KeyStore.getInstance(store.toFile(), password);
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(keys);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            // a missing file is an IllegalArgumentException from KeyStore.getInstance
            throw new IllegalArgumentException("cannot read trust store " + store + ": " + e.getMessage(), e);
        }
    }

    /**
     * Any certificate for any host name: encrypts, but does not prove who the printer is. For the self-signed
     * certificates most printers come with, chosen explicitly by the operator.
     */
    public static SSLContext acceptAny() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] { new AcceptAny() }, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS", e);
        }
    }

    /** Extended, so that JSSE leaves host name checking to it (and it skips it) instead of checking itself. */
    private static final class AcceptAny extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
