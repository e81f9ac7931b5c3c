package io.licman.server.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Report log lines: one JSON object per line, fields in a fixed order ({@code seq}, {@code t},
 * {@code ev}, the event's fields, then {@code prev}), absent fields left out.
 */
final class RecordCodec {

    private static final JsonFactory JSON = new JsonFactory();

    private RecordCodec() {
    }

    /** The line's bytes, without the newline. */
    static byte[] write(ReportRecord r) {
        Line line = new Line();
        write(r, line);
        return java.util.Arrays.copyOf(line.bytes, line.length);
    }

    /** Writes the line's bytes, without the newline, into {@code out} (cleared first). */
    static void write(ReportRecord r, Line out) {
        out.length = 0;
        out.ascii("{\"seq\":").number(r.seq).ascii(",\"t\":\"");
        Times.format(r.t, out);
        out.ascii("\",\"ev\":");
        string(out, r.ev);
        text(out, "vendor", r.vendor);
        text(out, "feature", r.feature);
        text(out, "lease", r.lease);
        text(out, "ticket", r.ticket);
        text(out, "user", r.user);
        text(out, "host", r.host);
        text(out, "display", r.display);
        text(out, "ip", r.ip);
        text(out, "project", r.project);
        number(out, "count", r.count);
        number(out, "seats", r.seats);
        number(out, "overdraft", r.overdraft);
        text(out, "reason", r.reason);
        if (r.until != 0) {
            out.ascii(",\"until\":\"");
            Times.format(r.until, out);
            out.put('"');
        }
        text(out, "note", r.note);
        out.ascii(",\"prev\":\"").ascii(r.prev).ascii("\"}");
    }

    /** Reads one line into {@code into} (cleared first). */
    static void read(byte[] line, int offset, int length, ReportRecord into) throws IOException {
        into.clear();
        try (JsonParser p = JSON.createParser(line, offset, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                switch (name) {
                    case "seq" -> into.seq = p.getLongValue();
                    case "t" -> into.t = Times.parse(p.getText());
                    case "ev" -> into.ev = p.getText();
                    case "vendor" -> into.vendor = p.getText();
                    case "feature" -> into.feature = p.getText();
                    case "lease" -> into.lease = p.getText();
                    case "ticket" -> into.ticket = p.getText();
                    case "user" -> into.user = p.getText();
                    case "host" -> into.host = p.getText();
                    case "display" -> into.display = p.getText();
                    case "ip" -> into.ip = p.getText();
                    case "project" -> into.project = p.getText();
                    case "count" -> into.count = p.getIntValue();
                    case "seats" -> into.seats = p.getIntValue();
                    case "overdraft" -> into.overdraft = p.getIntValue();
                    case "reason" -> into.reason = p.getText();
                    case "until" -> into.until = Times.parse(p.getText());
                    case "note" -> into.note = p.getText();
                    case "prev" -> into.prev = p.getText();
                    default -> p.skipChildren();
                }
            }
        } catch (RuntimeException e) {
            throw new IOException(e.getMessage(), e);
        }
        if (into.ev == null || into.t == 0) {
            throw new IOException("a record needs 't' and 'ev'");
        }
    }

    private static void text(Line out, String name, String value) {
        if (value != null && !value.isEmpty()) {
            out.ascii(",\"").ascii(name).ascii("\":");
            string(out, value);
        }
    }

    private static void number(Line out, String name, long value) {
        if (value != 0) {
            out.ascii(",\"").ascii(name).ascii("\":").number(value);
        }
    }

    /** A JSON string in UTF-8, escaped as JavaScript needs it (U+2028 and U+2029 too). */
    private static void string(Line out, String s) {
        out.put('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.put('\\').put(c);
            } else if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                out.ascii("\\u").put(HEX[c >> 12]).put(HEX[c >> 8 & 0xF]).put(HEX[c >> 4 & 0xF]).put(HEX[c & 0xF]);
            } else if (c < 0x80) {
                out.put(c);
            } else if (c < 0x800) {
                out.put(0xC0 | c >> 6).put(0x80 | c & 0x3F);
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                out.put(0xF0 | cp >> 18).put(0x80 | cp >> 12 & 0x3F).put(0x80 | cp >> 6 & 0x3F).put(0x80 | cp & 0x3F);
            } else if (Character.isSurrogate(c)) {
                out.put('?'); // an unpaired surrogate, as String.getBytes(UTF_8) writes it
            } else {
                out.put(0xE0 | c >> 12).put(0x80 | c >> 6 & 0x3F).put(0x80 | c & 0x3F);
            }
        }
        out.put('"');
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** A reusable line buffer: the writer encodes each record into the same bytes. */
    static final class Line {
        byte[] bytes = new byte[512];
        int length;

        Line put(int b) {
            if (length == bytes.length) {
                bytes = java.util.Arrays.copyOf(bytes, bytes.length * 2);
            }
            bytes[length++] = (byte) b;
            return this;
        }

        /** Appends text known to be ASCII (names, digits, hex). */
        Line ascii(String s) {
            int n = s.length();
            if (length + n > bytes.length) {
                bytes = java.util.Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + n));
            }
            for (int i = 0; i < n; i++) {
                bytes[length++] = (byte) s.charAt(i);
            }
            return this;
        }

        Line number(long v) {
            if (v < 0) {
                if (v == Long.MIN_VALUE) {
                    return ascii(Long.toString(v));
                }
                put('-');
                v = -v;
            }
            int start = length;
            do {
                put((int) ('0' + v % 10));
                v /= 10;
            } while (v != 0);
            for (int i = start, j = length - 1; i < j; i++, j--) {
                byte t = bytes[i];
                bytes[i] = bytes[j];
                bytes[j] = t;
            }
            return this;
        }
    }
}
