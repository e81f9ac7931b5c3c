package io.licman.core.protocol;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Prints bytes as an annotated hex dump, one field per line, for docs/protocol.md. Lines are
 * {@code hex bytes  # explanation}; nesting shows as indentation. Only the hex before each
 * {@code #} counts as data.
 */
final class WireAnnotator {

    private static final int BYTES_PER_LINE = 16;
    private static final int COMMENT_COLUMN = 56;
    private static final HexFormat HEX = HexFormat.ofDelimiter(" ");

    private final byte[] bytes;
    private final List<String> lines = new ArrayList<>();
    private int pos;

    private WireAnnotator(byte[] bytes) {
        this.bytes = bytes;
    }

    /** A 4-byte length prefix, then a message of type {@code type}. */
    static String frame(byte[] frame, Descriptor type) {
        WireAnnotator a = new WireAnnotator(frame);
        a.emit(0, 0, 4, "length prefix: " + (frame.length - 4) + " bytes of " + type.getName() + " follow");
        a.pos = 4;
        a.message(type, frame.length, 0);
        return a.text();
    }

    /** The 4-byte magic LMD1, then a message of type {@code type}. */
    static String datagram(byte[] datagram, Descriptor type) {
        WireAnnotator a = new WireAnnotator(datagram);
        a.emit(0, 0, 4, "magic \"LMD1\"; a " + type.getName() + " of " + (datagram.length - 4) + " bytes follows");
        a.pos = 4;
        a.message(type, datagram.length, 0);
        return a.text();
    }

    /** The 8-byte preamble. */
    static String preamble(byte[] preamble) {
        WireAnnotator a = new WireAnnotator(preamble);
        a.emit(0, 0, 4, "magic \"LMAN\"");
        a.emit(0, 4, 6, "major version " + (((preamble[4] & 0xFF) << 8) | (preamble[5] & 0xFF)) + " (big-endian)");
        a.emit(0, 6, 8, "reserved, zero");
        return a.text();
    }

    private String text() {
        return String.join("\n", lines) + "\n";
    }

    private void message(Descriptor type, int end, int depth) {
        while (pos < end) {
            int start = pos;
            long tag = varint();
            int number = (int) (tag >>> 3);
            int wireType = (int) (tag & 7);
            FieldDescriptor field = type.findFieldByNumber(number);
            String name = type.getName() + "." + (field == null ? "?" : field.getName());
            switch (wireType) {
                case 0 -> {
                    long value = varint();
                    emit(depth, start, pos, name + " (" + number + ", varint) = " + show(field, value));
                }
                case 1 -> {
                    long value = littleEndian(8);
                    emit(depth, start, pos, name + " (" + number + ", fixed64) = " + Long.toUnsignedString(value)
                            + String.format(" (0x%016x)", value));
                }
                case 5 -> {
                    long value = littleEndian(4);
                    emit(depth, start, pos, name + " (" + number + ", fixed32) = " + value);
                }
                case 2 -> lengthDelimited(field, name, number, start, depth);
                default -> throw new IllegalArgumentException("wire type " + wireType + " at byte " + start);
            }
        }
    }

    private void lengthDelimited(FieldDescriptor field, String name, int number, int start, int depth) {
        int length = (int) varint();
        int contentStart = pos;
        pos += length;
        if (field != null && field.getType() == FieldDescriptor.Type.MESSAGE) {
            emit(depth, start, contentStart, name + " (" + number + ", LEN) = " + field.getMessageType().getName()
                    + " of " + length + " bytes:");
            pos = contentStart;
            message(field.getMessageType(), contentStart + length, depth + 1);
            return;
        }
        String value;
        if (field != null && field.getType() == FieldDescriptor.Type.STRING) {
            value = quote(new String(bytes, contentStart, length, StandardCharsets.UTF_8));
        } else {
            value = length + " bytes";
        }
        emit(depth, start, pos, name + " (" + number + ", LEN) = " + value);
    }

    private static String show(FieldDescriptor field, long value) {
        if (field == null) {
            return Long.toString(value);
        }
        if (field.getType() == FieldDescriptor.Type.BOOL) {
            return value != 0 ? "true" : "false";
        }
        if (field.getType() == FieldDescriptor.Type.ENUM) {
            EnumValueDescriptor v = field.getEnumType().findValueByNumber((int) value);
            return (v == null ? "?" : v.getName()) + " (" + value + ")";
        }
        if (field.getName().endsWith("_epoch_ms")) {
            return value + " (" + Instant.ofEpochMilli(value) + ")";
        }
        return Long.toString(value);
    }

    private static String quote(String s) {
        String escaped = s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
        if (escaped.length() > 40) {
            escaped = escaped.substring(0, 36) + "...";
        }
        return "\"" + escaped + "\"";
    }

    /** Lines of at most 16 bytes; the explanation goes on the first. */
    private void emit(int depth, int from, int to, String comment) {
        String indent = "  ".repeat(depth);
        for (int at = from; at < to || at == from; at += BYTES_PER_LINE) {
            String hex = indent + HEX.formatHex(bytes, at, Math.min(at + BYTES_PER_LINE, to));
            if (at == from) {
                lines.add(String.format("%-" + COMMENT_COLUMN + "s# %s", hex, comment));
            } else {
                lines.add(hex);
            }
        }
    }

    private long varint() {
        long value = 0;
        for (int shift = 0; ; shift += 7) {
            byte b = bytes[pos++];
            value |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return value;
            }
        }
    }

    private long littleEndian(int n) {
        long value = 0;
        for (int i = 0; i < n; i++) {
            value |= (long) (bytes[pos++] & 0xFF) << (8 * i);
        }
        return value;
    }
}
