package io.licman.server.ledger;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The 128-bit secret that proves a client holds a lease or queue ticket. Compared in constant
 * time; never printed by {@link #toString()}.
 */
public final class Secret {

    /** The length in bytes. */
    public static final int BYTES = 16;

    private final byte[] bytes;

    private Secret(byte[] bytes) {
        this.bytes = bytes;
    }

    /** A secret from its 16 bytes. */
    public static Secret of(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length != BYTES) {
            throw new IllegalArgumentException("a secret is " + BYTES + " bytes, not " + bytes.length);
        }
        return new Secret(bytes.clone());
    }

    /** Parses the 32-digit hexadecimal form. */
    public static Secret parse(String hex) {
        if (hex == null || !hex.matches("[0-9a-fA-F]{32}")) {
            throw new IllegalArgumentException("a secret is 32 hexadecimal digits");
        }
        return new Secret(HexFormat.of().parseHex(hex));
    }

    /** The bytes (a copy). */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The 32-digit hexadecimal form, for sending to the client; do not log it. */
    public String toHex() {
        return HexFormat.of().formatHex(bytes);
    }

    /** Constant-time comparison. */
    public boolean matches(Secret other) {
        return other != null && MessageDigest.isEqual(bytes, other.bytes);
    }

    byte[] raw() {
        return bytes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && MessageDigest.isEqual(bytes, s.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** Never the secret itself. */
    @Override
    public String toString() {
        return "Secret(redacted)";
    }
}
