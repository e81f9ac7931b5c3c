package io.licman.server.tls;

import io.licman.core.tls.Pem;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's TLS: its certificate (the configured one, or the one generated in the data
 * directory on first start), the Netty context that makes a {@link SslHandler} per connection
 * (JDK provider, TLS 1.3 preferred, 1.2 allowed, nothing older) and the optional check of client
 * certificates.
 */
public final class ServerTls {

    /** The generated certificate in the data directory. */
    public static final String CERTIFICATE_FILE = "tls-cert.pem";
    /** Its private key, mode 0600. */
    public static final String KEY_FILE = "tls-key.pem";
    /** The protocols offered, best first. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private static final Logger LOG = LoggerFactory.getLogger(ServerTls.class);

    private final SslContext context;
    private final X509Certificate certificate;
    private final TlsSettings settings;

    private ServerTls(SslContext context, X509Certificate certificate, TlsSettings settings) {
        this.context = context;
        this.certificate = certificate;
        this.settings = settings;
    }

    /**
     * Loads or creates the certificate and builds the context; empty when TLS is off.
     *
     * @throws IOException naming the file that cannot be read or written
     */
    public static Optional<ServerTls> open(TlsSettings settings, Path dataDirectory, String serverName) throws IOException {
        if (!settings.enabled()) {
            return Optional.empty();
        }
        List<X509Certificate> chain;
        PrivateKey key;
        if (settings.certificateFile() != null) {
            chain = Pem.readCertificates(settings.certificateFile());
            key = Pem.readPrivateKey(settings.keyFile());
        } else {
            CertificateMaker.Issued own = loadOrCreate(dataDirectory, serverName);
            chain = List.of(own.certificate());
            key = own.privateKey();
        }
        SslContextBuilder builder = SslContextBuilder.forServer(key, chain.toArray(X509Certificate[]::new))
                .sslProvider(SslProvider.JDK)
                .protocols(PROTOCOLS);
        if (settings.clientAuth() != TlsSettings.ClientAuth.NONE) {
            builder.trustManager(Pem.readCertificates(settings.clientCaFile()).toArray(X509Certificate[]::new))
                    .clientAuth(settings.clientAuth() == TlsSettings.ClientAuth.REQUIRE ? ClientAuth.REQUIRE : ClientAuth.OPTIONAL);
        }
        ServerTls tls = new ServerTls(builder.build(), chain.get(0), settings);
        LOG.info("TLS on the same port, certificate '{}' with fingerprint {}{}", chain.get(0).getSubjectX500Principal().getName(),
                tls.fingerprint(), settings.plaintextAllowed() ? "" : "; plaintext connections are refused");
        return Optional.of(tls);
    }

    /**
     * The generated certificate of a data directory, made on first use: an EC P-256 key (mode
     * 0600) and a self-signed certificate for this host's name, {@code localhost} and the loopback
     * addresses, without expiry (clients pin its fingerprint rather than check names or dates).
     */
    public static CertificateMaker.Issued loadOrCreate(Path dataDirectory, String serverName) throws IOException {
        Path certFile = dataDirectory.resolve(CERTIFICATE_FILE);
        Path keyFile = dataDirectory.resolve(KEY_FILE);
        if (Files.exists(certFile) && Files.exists(keyFile)) {
            return new CertificateMaker.Issued(Pem.readCertificates(certFile).get(0), Pem.readPrivateKey(keyFile));
        }
        List<String> names = new ArrayList<>(List.of(serverName));
        if (!serverName.equals("localhost")) {
            names.add("localhost");
        }
        CertificateMaker.Issued made = CertificateMaker.selfSigned(serverName, names,
                List.of(InetAddress.getLoopbackAddress(), InetAddress.getByName("::1")));
        writeAtomically(keyFile, Pem.encode("PRIVATE KEY", made.privateKey().getEncoded()), "rw-------");
        try {
            writeAtomically(certFile, Pem.encode("CERTIFICATE", made.certificate().getEncoded()), "rw-r--r--");
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IOException("cannot encode the new certificate", e);
        }
        LOG.info("generated a TLS key and self-signed certificate in {}", dataDirectory);
        return made;
    }

    /** The fingerprint of the certificate in a data directory, for {@code licman tls fingerprint}. */
    public static String fingerprintIn(Path dataDirectory) throws IOException {
        return Fingerprint.of(Pem.readCertificates(dataDirectory.resolve(CERTIFICATE_FILE)).get(0));
    }

    /** A handler for one new connection; its handshake must finish within {@code timeoutMillis}. */
    public SslHandler newHandler(ByteBufAllocator allocator, long timeoutMillis) {
        SslHandler handler = context.newHandler(allocator);
        handler.setHandshakeTimeoutMillis(timeoutMillis);
        return handler;
    }

    /** The server's certificate (the leaf). */
    public X509Certificate certificate() {
        return certificate;
    }

    /** The pin clients give: {@code sha256:} and 64 hex digits. */
    public String fingerprint() {
        return Fingerprint.of(certificate);
    }

    public TlsSettings settings() {
        return settings;
    }

    private static void writeAtomically(Path file, String text, String mode) throws IOException {
        Path temp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
        try {
            try {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString(mode));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the directory's ACL applies
            }
            Files.writeString(temp, text, StandardCharsets.US_ASCII);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
