package io.licman.core.crypto;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The small {@code key value} text format shared by vendor key files:
 * <pre>
 * # licman vendor public key
 * vendor      acme
 * key-id      acme-1a2b3c4d
 * public-key  MCowBQYDK2VwAyEA...
 * </pre>
 */
final class KeyText {

    private KeyText() {
    }

    static Map<String, String> parse(String text, Path file) throws KeyFileException {
        Map<String, String> fields = new HashMap<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+", 2);
            if (parts.length != 2) {
                throw new KeyFileException(file + ":" + (i + 1) + ": expected 'NAME VALUE', found '" + abbreviate(line) + "'");
            }
            if (fields.put(parts[0], parts[1]) != null) {
                throw new KeyFileException(file + ":" + (i + 1) + ": '" + parts[0] + "' appears twice");
            }
        }
        return fields;
    }

    static String require(Map<String, String> fields, String name, Path file) throws KeyFileException {
        String value = fields.get(name);
        if (value == null) {
            throw new KeyFileException(file + ": the field '" + name + "' is missing; is this a licman key file?");
        }
        return value;
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
