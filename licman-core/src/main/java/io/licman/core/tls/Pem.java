package io.licman.core.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** PEM files: certificates ({@code CERTIFICATE}) and unencrypted PKCS#8 private keys ({@code PRIVATE KEY}). */
public final class Pem {

    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*?)-----END \\1-----");
    private static final int MAX_FILE_BYTES = 1 << 20;

    private Pem() {
    }

    /** The text of a PEM block. */
    public static String encode(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** Every certificate in a PEM file, in order (a chain: the leaf first). */
    public static List<X509Certificate> readCertificates(Path file) throws IOException {
        List<X509Certificate> certificates = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (byte[] der : blocks(file, "CERTIFICATE")) {
                certificates.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
            }
        } catch (CertificateException e) {
            throw new IOException(file + ": not a valid certificate: " + e.getMessage(), e);
        }
        if (certificates.isEmpty()) {
            throw new IOException(file + ": no '-----BEGIN CERTIFICATE-----' block");
        }
        return certificates;
    }

    /** The private key of a PEM file: PKCS#8, EC or RSA ({@code openssl pkcs8 -topk8 -nocrypt} converts others). */
    public static PrivateKey readPrivateKey(Path file) throws IOException {
        List<byte[]> keys = blocks(file, "PRIVATE KEY");
        if (keys.size() != 1) {
            throw new IOException(file + ": expected one '-----BEGIN PRIVATE KEY-----' block (unencrypted PKCS#8; convert with "
                    + "'openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8'), found " + keys.size());
        }
        for (String algorithm : List.of("EC", "RSA", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(keys.get(0)));
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new IOException(file + ": the private key is not an EC, RSA or Ed25519 PKCS#8 key");
    }

    private static List<byte[]> blocks(Path file, String type) throws IOException {
        if (Files.size(file) > MAX_FILE_BYTES) {
            throw new IOException(file + ": larger than 1 MiB; not a PEM file");
        }
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        List<byte[]> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            if (m.group(1).equals(type)) {
                try {
                    blocks.add(Base64.getMimeDecoder().decode(m.group(2)));
                } catch (IllegalArgumentException e) {
                    throw new IOException(file + ": a " + type + " block is not valid base64", e);
                }
            }
        }
        return blocks;
    }
}
