package io.licman.client.internal;

import io.licman.core.tls.Pem;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import javax.net.SocketFactory;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Sockets that speak TLS 1.3 or 1.2 to a licman server, checking its certificate against a
 * SHA-256 pin or against trusted authorities (then with the HTTPS host-name check).
 */
public final class TlsSocketFactory extends SocketFactory {

    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    private static final int HANDSHAKE_TIMEOUT_MILLIS = 10_000;

    private final javax.net.ssl.SSLSocketFactory delegate;
    private final boolean checkHostName;

    private TlsSocketFactory(javax.net.ssl.SSLSocketFactory delegate, boolean checkHostName) {
        this.delegate = delegate;
        this.checkHostName = checkHostName;
    }

    /**
     * @param pin {@code sha256:} and 64 lower-case hex digits, or null to check authorities
     * @param trustStore the authorities, or null for the runtime's default ones (ignored with a pin)
     * @param clientKey the client certificate's key for mutual TLS, or null
     */
    public static SocketFactory create(String pin, KeyStore trustStore, PrivateKey clientKey, List<X509Certificate> clientChain) {
        try {
            TrustManager[] trust;
            if (pin != null) {
                trust = new TrustManager[] {new PinnedTrustManager(pin)};
            } else {
                TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                factory.init(trustStore);
                trust = factory.getTrustManagers();
            }
            KeyManager[] keys = null;
            if (clientKey != null) {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                char[] password = new char[0];
                store.setKeyEntry("client", clientKey, password, clientChain.toArray(X509Certificate[]::new));
                KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                factory.init(store, password);
                keys = factory.getKeyManagers();
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, trust, new SecureRandom());
            return new TlsSocketFactory(context.getSocketFactory(), pin == null);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    @Override
    public Socket createSocket() throws IOException {
        return configure((SSLSocket) delegate.createSocket());
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        Socket socket = createSocket();
        socket.connect(new InetSocketAddress(host, port), HANDSHAKE_TIMEOUT_MILLIS);
        return socket;
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        Socket socket = createSocket();
        socket.bind(new InetSocketAddress(localHost, localPort));
        socket.connect(new InetSocketAddress(host, port), HANDSHAKE_TIMEOUT_MILLIS);
        return socket;
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        Socket socket = createSocket();
        socket.connect(new InetSocketAddress(host, port), HANDSHAKE_TIMEOUT_MILLIS);
        return socket;
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        Socket socket = createSocket();
        socket.bind(new InetSocketAddress(localAddress, localPort));
        socket.connect(new InetSocketAddress(address, port), HANDSHAKE_TIMEOUT_MILLIS);
        return socket;
    }

    private SSLSocket configure(SSLSocket socket) throws IOException {
        List<String> supported = Arrays.asList(socket.getSupportedProtocols());
        socket.setEnabledProtocols(Arrays.stream(PROTOCOLS).filter(supported::contains).toArray(String[]::new));
        SSLParameters parameters = socket.getSSLParameters();
        if (checkHostName) {
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
        }
        socket.setSSLParameters(parameters);
        // Until the caller sets its own: a server that stalls the handshake must not hang the client.
        socket.setSoTimeout(HANDSHAKE_TIMEOUT_MILLIS);
        return socket;
    }

    /** Certificates of a PEM file, leaf first. */
    public static List<X509Certificate> readCertificates(Path file) throws IOException {
        return Pem.readCertificates(file);
    }

    /** The unencrypted PKCS#8 private key (EC, RSA or Ed25519) of a PEM file. */
    public static PrivateKey readPrivateKey(Path file) throws IOException {
        return Pem.readPrivateKey(file);
    }

    /** Accepts exactly one server certificate, by fingerprint. */
    private static final class PinnedTrustManager extends X509ExtendedTrustManager {
        private final String pin;

        PinnedTrustManager(String pin) {
            this.pin = pin;
        }

        private void check(X509Certificate[] chain) throws CertificateException {
            if (chain == null || chain.length == 0) {
                throw new CertificateException("the server sent no certificate");
            }
            String actual;
            try {
                actual = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(chain[0].getEncoded()));
            } catch (GeneralSecurityException e) {
                throw new CertificateException(e);
            }
            if (!MessageDigest.isEqual(actual.getBytes(StandardCharsets.US_ASCII), pin.getBytes(StandardCharsets.US_ASCII))) {
                throw new CertificateException("the server's certificate " + actual + " does not match the pinned " + pin
                        + ": this is not the expected server, or its certificate changed");
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
            throw new CertificateException("a client does not check client certificates");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            throw new CertificateException("a client does not check client certificates");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            throw new CertificateException("a client does not check client certificates");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
