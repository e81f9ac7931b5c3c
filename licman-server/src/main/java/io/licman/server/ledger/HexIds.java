package io.licman.server.ledger;

/** The 16-hex-digit text form of lease and ticket ids. */
final class HexIds {

    private HexIds() {
    }

    static String format(long value) {
        String hex = Long.toHexString(value);
        return "0".repeat(16 - hex.length()) + hex;
    }

    static long parse(String text, String what) {
        if (text == null || !text.matches("[0-9a-fA-F]{16}")) {
            throw new IllegalArgumentException("'" + text + "' is not a " + what + ": expected 16 hexadecimal digits");
        }
        return Long.parseUnsignedLong(text, 16);
    }
}
