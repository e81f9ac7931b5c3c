package io.licman.cli.migrate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the lines of a FlexLM (FlexNet Publisher) license file that matter for migration:
 * {@code SERVER}, {@code VENDOR}, {@code FEATURE}, {@code INCREMENT}, {@code UPGRADE} and
 * {@code PACKAGE}, with {@code \} line continuations and {@code #} comments.
 */
final class FlexlmLicenseFile {

    /** One license line: its keyword, positional fields and {@code KEY=VALUE} keywords (upper-cased keys). */
    record Line(int number, String keyword, List<String> fields, Map<String, String> keywords) {
    }

    private FlexlmLicenseFile() {
    }

    static List<Line> parse(String text, List<String> warnings) {
        List<Line> lines = new ArrayList<>();
        String[] raw = text.split("\r?\n", -1);
        StringBuilder logical = new StringBuilder();
        int start = 0;
        for (int i = 0; i < raw.length; i++) {
            String line = raw[i];
            if (logical.length() == 0) {
                start = i + 1;
                if (line.strip().startsWith("#")) {
                    continue;
                }
            }
            if (line.endsWith("\\")) {
                logical.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            logical.append(line);
            String whole = logical.toString().strip();
            logical.setLength(0);
            if (!whole.isEmpty()) {
                try {
                    lines.add(line(start, whole));
                } catch (IllegalArgumentException e) {
                    warnings.add("line " + start + ": " + e.getMessage() + "; the line is skipped");
                }
            }
        }
        return lines;
    }

    private static Line line(int number, String text) {
        List<String> words = words(text);
        String keyword = words.get(0).toUpperCase(Locale.ROOT);
        List<String> fields = new ArrayList<>();
        Map<String, String> keywords = new LinkedHashMap<>();
        for (String word : words.subList(1, words.size())) {
            int eq = word.indexOf('=');
            if (eq > 0) {
                keywords.put(word.substring(0, eq).toUpperCase(Locale.ROOT), unquote(word.substring(eq + 1)));
            } else if (keywords.isEmpty()) {
                fields.add(unquote(word));
            } else {
                keywords.put(word.toUpperCase(Locale.ROOT), "");
            }
        }
        return new Line(number, keyword, fields, keywords);
    }

    /** Splits on blanks, keeping double-quoted strings (which may contain blanks) together. */
    private static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
                word.append(c);
            } else if (Character.isWhitespace(c) && !quoted) {
                if (word.length() > 0) {
                    words.add(word.toString());
                    word.setLength(0);
                }
            } else {
                word.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("a quoted string is not closed");
        }
        if (word.length() > 0) {
            words.add(word.toString());
        }
        return words;
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }
}
