package io.licman.core.crypto;

import io.licman.core.license.Names;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Map;

/**
 * A vendor's Ed25519 signing key, with the public half and key id. The {@code .key} file holds
 * both halves; it is written with owner-only permissions and must never leave the license desk.
 */
public final class VendorPrivateKey {

    private final VendorPublicKey publicKey;
    private final PrivateKey key;

    private VendorPrivateKey(VendorPublicKey publicKey, PrivateKey key) {
        this.publicKey = publicKey;
        this.key = key;
    }

    /** Generates a new key for {@code vendor}, with the default key id. */
    public static VendorPrivateKey generate(String vendor) {
        return generate(vendor, null);
    }

    /** Generates a new key for {@code vendor}; {@code keyId} may be null for the default. */
    public static VendorPrivateKey generate(String vendor, String keyId) {
        Names.requireVendor(vendor);
        try {
            KeyPair pair = KeyPairGenerator.getInstance(VendorPublicKey.ALGORITHM).generateKeyPair();
            String id = keyId != null ? keyId : VendorPublicKey.defaultKeyId(vendor, pair.getPublic());
            return new VendorPrivateKey(new VendorPublicKey(vendor, id, pair.getPublic()), pair.getPrivate());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no Ed25519; licman needs Java 17 or newer", e);
        }
    }

    /** Reads a {@code .key} file. */
    public static VendorPrivateKey read(Path file) throws KeyFileException {
        String text;
        try {
            if (Files.size(file) > 64 * 1024) {
                throw new KeyFileException(file + ": too large for a private key file");
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new KeyFileException(file + ": cannot read the private key file: " + e.getMessage(), e);
        }
        Map<String, String> fields = KeyText.parse(text, file);
        String vendor = KeyText.require(fields, "vendor", file);
        String keyId = KeyText.require(fields, "key-id", file);
        String privateText = fields.get("private-key");
        if (privateText == null) {
            throw new KeyFileException(file + ": no private-key field; to sign you need the .key file made by 'licman keygen', not the .pub file");
        }
        String publicText = KeyText.require(fields, "public-key", file);
        try {
            KeyFactory factory = KeyFactory.getInstance(VendorPublicKey.ALGORITHM);
            PrivateKey privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(privateText)));
            PublicKey publicKey = factory.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(publicText)));
            VendorPrivateKey key = new VendorPrivateKey(new VendorPublicKey(vendor, keyId, publicKey), privateKey);
            key.checkHalvesMatch(file);
            return key;
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new KeyFileException(file + ": the key fields are not a valid Ed25519 key pair", e);
        }
    }

    private void checkHalvesMatch(Path file) throws KeyFileException {
        byte[] probe = "licman key check".getBytes(StandardCharsets.UTF_8);
        if (!Ed25519.verify(publicKey.key(), probe, Ed25519.sign(key, probe))) {
            throw new KeyFileException(file + ": the private and public halves do not belong together");
        }
    }

    /** The text of the {@code .key} file: keep it secret. */
    public String toFileText() {
        return "# licman vendor PRIVATE key: keep secret, never ship it; it signs licenses\n"
                + "vendor       " + publicKey.vendor() + "\n"
                + "key-id       " + publicKey.keyId() + "\n"
                + "public-key   " + Base64.getEncoder().encodeToString(publicKey.key().getEncoded()) + "\n"
                + "private-key  " + Base64.getEncoder().encodeToString(key.getEncoded()) + "\n";
    }

    public VendorPublicKey publicKey() {
        return publicKey;
    }

    public String vendor() {
        return publicKey.vendor();
    }

    public String keyId() {
        return publicKey.keyId();
    }

    byte[] sign(byte[] message) {
        return Ed25519.sign(key, message);
    }
}
