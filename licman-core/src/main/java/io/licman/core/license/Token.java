package io.licman.core.license;

import java.util.ArrayList;
import java.util.List;

/**
 * One word of a license file line: a bare word, a quoted string, or one of {@code { } =}.
 *
 * @param text the word, with quotes removed and escapes resolved
 * @param quoted whether it was written in double quotes
 */
record Token(String text, boolean quoted) {

    boolean is(String s) {
        return !quoted && text.equals(s);
    }

    /** Splits a line into tokens, dropping a {@code #} comment; throws on an unterminated string. */
    static List<Token> split(String line) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (i < n) {
            char c = line.charAt(i);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\u000b') {
                i++;
            } else if (c == '#') {
                break;
            } else if (c == '{' || c == '}' || c == '=') {
                tokens.add(new Token(String.valueOf(c), false));
                i++;
            } else if (c == '"') {
                StringBuilder s = new StringBuilder();
                i++;
                boolean closed = false;
                while (i < n) {
                    char d = line.charAt(i++);
                    if (d == '"') {
                        closed = true;
                        break;
                    }
                    if (d == '\\') {
                        if (i >= n) {
                            break;
                        }
                        char e = line.charAt(i++);
                        switch (e) {
                            case '"', '\\' -> s.append(e);
                            case 't' -> s.append('\t');
                            default -> throw new IllegalArgumentException("unknown escape '\\" + e + "' in a quoted string: use \\\" or \\\\");
                        }
                    } else {
                        s.append(d);
                    }
                }
                if (!closed) {
                    throw new IllegalArgumentException("a quoted string is not closed: expected '\"' before the end of the line");
                }
                tokens.add(new Token(s.toString(), true));
            } else {
                int start = i;
                while (i < n && !isDelimiter(line.charAt(i))) {
                    i++;
                }
                tokens.add(new Token(line.substring(start, i), false));
            }
        }
        return tokens;
    }

    private static boolean isDelimiter(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\u000b' || c == '#' || c == '"' || c == '{' || c == '}';
    }
}
