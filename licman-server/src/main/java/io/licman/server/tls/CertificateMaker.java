package io.licman.server.tls;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Makes X.509 v3 certificates with ECDSA P-256 keys, using the JDK's public APIs only: the
 * certificate is written as DER here ({@link Der}), signed with {@code SHA256withECDSA}, and
 * parsed back by the JDK's {@link CertificateFactory}, which checks that it is well formed.
 *
 * <pre>{@code
 * CertificateMaker.Issued self = CertificateMaker.selfSigned("lic1", List.of("lic1", "localhost"), List.of());
 * }</pre>
 *
 * <p>The server uses it once, for the self-signed certificate of a new data directory; tests use
 * it to make small certificate authorities and client certificates.
 */
public final class CertificateMaker {

    /** RFC 5280's "no well-defined expiration date": a pinned self-signed certificate never needs renewing. */
    public static final Instant NO_EXPIRY = Instant.parse("9999-12-31T23:59:59Z");

    private static final String ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2";
    private static final String COMMON_NAME = "2.5.4.3";
    private static final String ORGANIZATION = "2.5.4.10";
    private static final String SUBJECT_ALT_NAME = "2.5.29.17";
    private static final String BASIC_CONSTRAINTS = "2.5.29.19";
    private static final String KEY_USAGE = "2.5.29.15";
    private static final String EXTENDED_KEY_USAGE = "2.5.29.37";
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

    /** A certificate and its private key. */
    public record Issued(X509Certificate certificate, PrivateKey privateKey) {
    }

    private CertificateMaker() {
    }

    /** A new P-256 key pair. */
    public static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java runtime cannot make EC P-256 keys", e);
        }
    }

    /** A self-signed server certificate for TLS, valid from now with no expiry, for these names and addresses. */
    public static Issued selfSigned(String commonName, List<String> dnsNames, List<InetAddress> addresses) {
        KeyPair keys = newKeyPair();
        return new Issued(make(commonName, dnsNames, addresses, keys, null, false, NO_EXPIRY), keys.getPrivate());
    }

    /** A certificate authority that can sign {@link #issue} certificates. */
    public static Issued authority(String commonName, Instant notAfter) {
        KeyPair keys = newKeyPair();
        return new Issued(make(commonName, List.of(), List.of(), keys, null, true, notAfter), keys.getPrivate());
    }

    /** A certificate signed by {@code issuer}, good for TLS servers and clients alike. */
    public static Issued issue(Issued issuer, String commonName, List<String> dnsNames, List<InetAddress> addresses, Instant notAfter) {
        Objects.requireNonNull(issuer, "issuer");
        KeyPair keys = newKeyPair();
        return new Issued(make(commonName, dnsNames, addresses, keys, issuer, false, notAfter), keys.getPrivate());
    }

    private static X509Certificate make(String commonName, List<String> dnsNames, List<InetAddress> addresses, KeyPair keys,
                                        Issued issuer, boolean authority, Instant notAfter) {
        byte[] subject = name(commonName);
        byte[] issuerName = issuer == null ? subject : issuer.certificate().getSubjectX500Principal().getEncoded();
        PrivateKey signingKey = issuer == null ? keys.getPrivate() : issuer.privateKey();
        byte[] algorithm = Der.sequence(Der.oid(ECDSA_WITH_SHA256));
        Instant notBefore = Instant.now().minusSeconds(3600);
        byte[] tbs = Der.sequence(
                Der.explicit(0, Der.integer(BigInteger.TWO)),
                Der.integer(new BigInteger(127, new SecureRandom()).add(BigInteger.ONE)),
                algorithm,
                issuerName,
                Der.sequence(time(notBefore), time(notAfter)),
                subject,
                keys.getPublic().getEncoded(),
                Der.explicit(3, Der.sequence(extensions(dnsNames, addresses, authority))));
        try {
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(signingKey);
            signer.update(tbs);
            byte[] der = Der.sequence(tbs, algorithm, Der.bitString(signer.sign()));
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
            certificate.verify(issuer == null ? keys.getPublic() : issuer.certificate().getPublicKey());
            return certificate;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not make a certificate for '" + commonName + "': " + e.getMessage(), e);
        }
    }

    private static byte[][] extensions(List<String> dnsNames, List<InetAddress> addresses, boolean authority) {
        List<byte[]> extensions = new ArrayList<>();
        extensions.add(extension(BASIC_CONSTRAINTS, true, authority ? Der.sequence(Der.bool(true)) : Der.sequence()));
        // keyCertSign + cRLSign for an authority, digitalSignature otherwise (a named bit list, X.690 8.6.2).
        byte[] keyUsage = authority ? new byte[] {Der.BIT_STRING, 2, 1, (byte) 0x06} : new byte[] {Der.BIT_STRING, 2, 7, (byte) 0x80};
        extensions.add(extension(KEY_USAGE, true, keyUsage));
        if (!authority) {
            extensions.add(extension(EXTENDED_KEY_USAGE, false, Der.sequence(Der.oid(SERVER_AUTH), Der.oid(CLIENT_AUTH))));
            List<byte[]> names = new ArrayList<>();
            dnsNames.forEach(n -> names.add(Der.implicit(2, n.getBytes(StandardCharsets.US_ASCII))));
            addresses.forEach(a -> names.add(Der.implicit(7, a.getAddress())));
            if (!names.isEmpty()) {
                extensions.add(extension(SUBJECT_ALT_NAME, false, Der.sequence(names.toArray(byte[][]::new))));
            }
        }
        return extensions.toArray(byte[][]::new);
    }

    private static byte[] extension(String oid, boolean critical, byte[] value) {
        return critical ? Der.sequence(Der.oid(oid), Der.bool(true), Der.octetString(value))
                : Der.sequence(Der.oid(oid), Der.octetString(value));
    }

    private static byte[] name(String commonName) {
        return Der.sequence(
                Der.tlv(Der.SET, Der.sequence(Der.oid(ORGANIZATION), Der.utf8("licman"))),
                Der.tlv(Der.SET, Der.sequence(Der.oid(COMMON_NAME), Der.utf8(commonName))));
    }

    /** UTCTime up to 2049, GeneralizedTime from 2050 on (RFC 5280, 4.1.2.5). */
    private static byte[] time(Instant instant) {
        var utc = instant.atZone(ZoneOffset.UTC);
        if (utc.getYear() < 2050) {
            return Der.tlv(Der.UTC_TIME, utc.format(DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'")).getBytes(StandardCharsets.US_ASCII));
        }
        return Der.tlv(Der.GENERALIZED_TIME, utc.format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'")).getBytes(StandardCharsets.US_ASCII));
    }
}
