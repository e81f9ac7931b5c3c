package io.licman.server.security;

import io.licman.server.tls.CertificateMaker;
import io.licman.server.tls.Fingerprint;
import java.net.Socket;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/** TLS sockets to a test server: the server certificate pinned by fingerprint, optionally a client certificate. */
final class TlsClients {

    private TlsClients() {
    }

    /** A connected socket whose handshake has finished (or failed with an exception). */
    static SSLSocket connect(int port, String pin, CertificateMaker.Issued clientCertificate, String... protocols) throws Exception {
        KeyManager[] keys = null;
        if (clientCertificate != null) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("client", clientCertificate.privateKey(), new char[0], new X509Certificate[] {clientCertificate.certificate()});
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, new char[0]);
            keys = factory.getKeyManagers();
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys, new TrustManager[] {new Pinned(pin)}, null);
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        if (protocols.length > 0) {
            socket.setEnabledProtocols(protocols);
        }
        socket.startHandshake();
        return socket;
    }

    /** A TLS socket over a plain one that the caller can close without a TLS close_notify, as a process that dies does. */
    record Layered(Socket tcp, SSLSocket tls) {
    }

    static Layered connectLayered(int port, String pin) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new Pinned(pin)}, null);
        Socket tcp = new Socket("127.0.0.1", port);
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(tcp, "127.0.0.1", port, true);
        tls.setSoTimeout(10_000);
        tls.startHandshake();
        return new Layered(tcp, tls);
    }

    /** Accepts the one server certificate whose fingerprint is the pin. */
    static final class Pinned extends X509ExtendedTrustManager {
        private final String pin;

        Pinned(String pin) {
            this.pin = pin;
        }

        private void check(X509Certificate[] chain) throws CertificateException {
            if (!Fingerprint.of(chain[0]).equals(pin)) {
                throw new CertificateException("not the pinned certificate");
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            check(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            check(chain);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("client side only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            throw new CertificateException("client side only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            throw new CertificateException("client side only");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
