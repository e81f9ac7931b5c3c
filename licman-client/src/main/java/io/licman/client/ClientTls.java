package io.licman.client;

import io.licman.client.internal.TlsSocketFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.net.SocketFactory;

/**
 * How a client checks a licman server's TLS certificate, and optionally the certificate it shows
 * in return. Either pin the server's certificate by its SHA-256 fingerprint (what a server with
 * its generated, self-signed certificate needs: the administrator reads the fingerprint from the
 * server's log or {@code licman tls fingerprint}), or trust certificate authorities, in which case
 * the server's name is checked against its certificate as for HTTPS. TLS 1.3 is preferred, 1.2
 * allowed, nothing older.
 *
 * <pre>{@code
 * LicenseClient client = LicenseClient.builder().servers("1384@lic1").vendorKey(key)
 *         .tlsPin("sha256:3f1a...")            // or .tls(ClientTls.builder().trustedCertificates(Path.of("site-ca.pem")).build())
 *         .build();
 * }</pre>
 */
public final class ClientTls {

    private final SocketFactory socketFactory;
    private final String description;

    private ClientTls(SocketFactory socketFactory, String description) {
        this.socketFactory = socketFactory;
        this.description = description;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Sockets that speak TLS to the server, checked as configured. */
    public SocketFactory socketFactory() {
        return socketFactory;
    }

    @Override
    public String toString() {
        return description;
    }

    /**
     * Normalises a pin: {@code sha256:} then 64 hex digits, upper or lower case, colons allowed
     * between digit pairs.
     *
     * @throws IllegalArgumentException when it is not such a pin
     */
    public static String normalizePin(String pin) {
        Objects.requireNonNull(pin, "pin");
        String text = pin.strip();
        if (!text.regionMatches(true, 0, "sha256:", 0, 7)) {
            throw new IllegalArgumentException("a TLS pin is 'sha256:' followed by 64 hex digits (from 'licman tls fingerprint'), not '" + pin + "'");
        }
        String hex = text.substring(7).replace(":", "").toLowerCase(Locale.ROOT);
        if (!hex.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("a TLS pin is 'sha256:' followed by 64 hex digits (from 'licman tls fingerprint'), not '" + pin + "'");
        }
        return "sha256:" + hex;
    }

    /** Builds a {@link ClientTls}; give a pin or trusted authorities (none: the Java runtime's default authorities). */
    public static final class Builder {
        private String pin;
        private KeyStore trustStore;
        private X509Certificate clientCertificate;
        private List<X509Certificate> clientChain = List.of();
        private PrivateKey clientKey;

        private Builder() {
        }

        /** Accept exactly the server certificate with this SHA-256 fingerprint, whatever its names and dates. */
        public Builder pin(String sha256Pin) {
            this.pin = normalizePin(sha256Pin);
            return this;
        }

        /** Trust the certificate authorities of this key store; the server's name must match its certificate. */
        public Builder trustStore(KeyStore trustStore) {
            this.trustStore = Objects.requireNonNull(trustStore, "trustStore");
            return this;
        }

        /** Trust the certificates of a PEM file (a site CA); the server's name must match its certificate. */
        public Builder trustedCertificates(Path pemFile) {
            try {
                KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
                store.load(null, null);
                int i = 0;
                for (X509Certificate certificate : TlsSocketFactory.readCertificates(pemFile)) {
                    store.setCertificateEntry("ca-" + i++, certificate);
                }
                return trustStore(store);
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalArgumentException(pemFile + ": cannot read trusted certificates: " + e.getMessage(), e);
            }
        }

        /** Show this certificate (PEM, leaf first) and key (PEM PKCS#8) to servers that ask for one (mutual TLS). */
        public Builder clientCertificate(Path certificatePem, Path privateKeyPem) {
            try {
                clientChain = TlsSocketFactory.readCertificates(certificatePem);
                clientCertificate = clientChain.get(0);
                clientKey = TlsSocketFactory.readPrivateKey(privateKeyPem);
                return this;
            } catch (IOException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }

        /**
         * @throws IllegalStateException when both a pin and trusted authorities are given
         */
        public ClientTls build() {
            if (pin != null && trustStore != null) {
                throw new IllegalStateException("give either a TLS pin or trusted certificates, not both");
            }
            SocketFactory factory = TlsSocketFactory.create(pin, trustStore, clientKey, clientChain);
            String how = pin != null ? "TLS pinned to " + pin : trustStore != null ? "TLS with trusted certificates" : "TLS with the default authorities";
            return new ClientTls(factory, clientCertificate == null ? how : how + ", client certificate "
                    + clientCertificate.getSubjectX500Principal().getName());
        }
    }
}
