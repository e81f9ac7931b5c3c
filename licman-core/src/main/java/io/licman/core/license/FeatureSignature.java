package io.licman.core.license;

import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * A vendor's Ed25519 signature on one feature block, naming the key that made it.
 * Text form: {@code KEYID:BASE64}, e.g. {@code acme-1a2b3c4d:9hT0...}.
 */
public final class FeatureSignature {

    private final String keyId;
    private final byte[] bytes;

    public FeatureSignature(String keyId, byte[] bytes) {
        this.keyId = Names.requireKeyId(keyId);
        this.bytes = Objects.requireNonNull(bytes, "bytes").clone();
    }

    /** Parses {@code KEYID:BASE64}. */
    public static FeatureSignature parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("expected KEYID:SIGNATURE, such as acme-1a2b3c4d:9hT0...");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(text.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the signature after '" + text.substring(0, colon) + ":' is not valid base64");
        }
        if (bytes.length != 64) {
            throw new IllegalArgumentException("an Ed25519 signature is 64 bytes, this one is " + bytes.length);
        }
        return new FeatureSignature(text.substring(0, colon), bytes);
    }

    public String keyId() {
        return keyId;
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeatureSignature s && s.keyId.equals(keyId) && Arrays.equals(s.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return keyId.hashCode() * 31 + Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return keyId + ":" + Base64.getEncoder().encodeToString(bytes);
    }
}
