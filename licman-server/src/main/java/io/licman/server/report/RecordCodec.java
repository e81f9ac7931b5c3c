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
        StringBuilder b = new StringBuilder(256);
        b.append("{\"seq\":").append(r.seq).append(",\"t\":\"").append(Times.format(r.t)).append("\",\"ev\":");
        string(b, r.ev);
        text(b, "vendor", r.vendor);
        text(b, "feature", r.feature);
        text(b, "lease", r.lease);
        text(b, "ticket", r.ticket);
        text(b, "user", r.user);
        text(b, "host", r.host);
        text(b, "display", r.display);
        text(b, "ip", r.ip);
        text(b, "project", r.project);
        number(b, "count", r.count);
        number(b, "seats", r.seats);
        number(b, "overdraft", r.overdraft);
        text(b, "reason", r.reason);
        if (r.until != 0) {
            b.append(",\"until\":\"").append(Times.format(r.until)).append('"');
        }
        text(b, "note", r.note);
        b.append(",\"prev\":\"").append(r.prev).append("\"}");
        return b.toString().getBytes(StandardCharsets.UTF_8);
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

    private static void text(StringBuilder b, String name, String value) {
        if (value != null && !value.isEmpty()) {
            b.append(",\"").append(name).append("\":");
            string(b, value);
        }
    }

    private static void number(StringBuilder b, String name, long value) {
        if (value != 0) {
            b.append(",\"").append(name).append("\":").append(value);
        }
    }

    private static void string(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }
}
