package io.licman.core.crypto;

import io.licman.core.license.Names;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;

/**
 * A vendor's Ed25519 public key with its vendor name and key id. Sites trust a vendor by
 * placing its {@code .pub} file in the server's trust directory; applications embed it in the
 * client SDK so a fake server cannot invent features.
 */
public final class VendorPublicKey {

    static final String ALGORITHM = "Ed25519";

    private final String vendor;
    private final String keyId;
    private final PublicKey key;

    VendorPublicKey(String vendor, String keyId, PublicKey key) {
        this.vendor = Names.requireVendor(vendor);
        this.keyId = Names.requireKeyId(keyId);
        this.key = Objects.requireNonNull(key, "key");
    }

    /** The default key id of a key: {@code VENDOR-} and the first 8 hex digits of the SHA-256 of the encoded key. */
    static String defaultKeyId(String vendor, PublicKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return vendor + "-" + HexFormat.of().formatHex(digest, 0, 4);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** Reads a {@code .pub} file. */
    public static VendorPublicKey read(Path file) throws KeyFileException {
        String text;
        try {
            if (Files.size(file) > 64 * 1024) {
                throw new KeyFileException(file + ": too large for a public key file");
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new KeyFileException(file + ": cannot read the public key file: " + e.getMessage(), e);
        }
        return parse(text, file);
    }

    /** Parses the text of a {@code .pub} file; {@code file} is only used in messages. */
    public static VendorPublicKey parse(String text, Path file) throws KeyFileException {
        Map<String, String> fields = KeyText.parse(text, file);
        if (fields.containsKey("private-key")) {
            throw new KeyFileException(file + ": this is a PRIVATE key; give the .pub file instead, and keep the .key file secret");
        }
        String vendor = KeyText.require(fields, "vendor", file);
        String keyId = KeyText.require(fields, "key-id", file);
        String encoded = KeyText.require(fields, "public-key", file);
        try {
            PublicKey key = KeyFactory.getInstance(ALGORITHM)
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(encoded)));
            return new VendorPublicKey(vendor, keyId, key);
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new KeyFileException(file + ": the public-key field is not a valid Ed25519 public key", e);
        }
    }

    /** The text of a {@code .pub} file for this key. */
    public String toFileText() {
        return "# licman vendor public key: give this file to sites (trust directory) and embed it in applications\n"
                + "vendor      " + vendor + "\n"
                + "key-id      " + keyId + "\n"
                + "public-key  " + Base64.getEncoder().encodeToString(key.getEncoded()) + "\n";
    }

    public String vendor() {
        return vendor;
    }

    public String keyId() {
        return keyId;
    }

    PublicKey key() {
        return key;
    }

    @Override
    public String toString() {
        return keyId + " (vendor " + vendor + ")";
    }
}
