package io.licman.server.tls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

/**
 * The SHA-256 fingerprint of a certificate, written {@code sha256:} and 64 lower-case hex digits:
 * what an administrator reads from the server's log or {@code licman tls fingerprint} and gives to
 * clients as their pin ({@code --tls-pin}, {@code LicenseClient.Builder#tlsPin}).
 */
public final class Fingerprint {

    private Fingerprint() {
    }

    /** {@code sha256:} and the hex digest of the certificate's DER encoding. */
    public static String of(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return "sha256:" + HexFormat.of().formatHex(digest);
        } catch (CertificateEncodingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot fingerprint the certificate: " + e.getMessage(), e);
        }
    }
}
