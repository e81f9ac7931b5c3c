package io.licman.it.docs;

import java.util.ArrayList;
import java.util.List;

/**
 * The small part of the POSIX shell language the documentation uses: words with single and
 * double quotes and backslashes, {@code $VAR}, {@code ${VAR}} and {@code $(...)} expansions,
 * {@code #} comments, {@code &&} between commands, and {@code >} / {@code >>} redirections.
 * Pipes, {@code ;}, {@code ||} and background {@code &} are reported, never guessed at.
 */
final class ShellLexer {

    private ShellLexer() {
    }

    /** How expansions are done: variables and command substitutions. */
    interface Expander {
        String variable(String name);

        String command(String text);
    }

    /** An expander that expands nothing, for looking at a command without running anything. */
    static final Expander DRY = new Expander() {
        @Override
        public String variable(String name) {
            return "${" + name + "}";
        }

        @Override
        public String command(String text) {
            return "$(" + text + ")";
        }
    };

    /**
     * A logical line split at {@code &&}: the raw text of each command, the comment, and the
     * operators the harness does not run.
     */
    record Scan(List<String> commands, String comment, List<String> unsupported) {
    }

    /** One word; {@code operator} marks an unquoted {@code >} or {@code >>}. */
    record Word(String text, boolean operator) {
    }

    static Scan scan(String line) {
        List<String> commands = new ArrayList<>();
        List<String> unsupported = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        String comment = "";
        int depth = 0;
        char quote = 0;
        boolean wordStart = true;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            char next = i + 1 < line.length() ? line.charAt(i + 1) : 0;
            if (quote == '\'') {
                current.append(c);
                if (c == '\'') {
                    quote = 0;
                }
                continue;
            }
            if (c == '\\' && next != 0) {
                current.append(c).append(next);
                i++;
                wordStart = false;
                continue;
            }
            if (quote == '"') {
                current.append(c);
                if (c == '"') {
                    quote = 0;
                } else if (c == '$' && next == '(') {
                    current.append(next);
                    i++;
                    depth++;
                } else if (c == ')' && depth > 0) {
                    depth--;
                }
                continue;
            }
            if (c == '\'' || c == '"') {
                quote = c;
                current.append(c);
                wordStart = false;
                continue;
            }
            if (c == '$' && next == '(') {
                current.append("$(");
                i++;
                depth++;
                wordStart = false;
                continue;
            }
            if (depth > 0) {
                if (c == '(') {
                    depth++;
                } else if (c == ')') {
                    depth--;
                }
                current.append(c);
                continue;
            }
            if (c == '#' && wordStart) {
                comment = line.substring(i + 1).strip();
                break;
            }
            if (c == '&' && next == '&') {
                commands.add(current.toString().strip());
                current.setLength(0);
                i++;
                wordStart = true;
                continue;
            }
            if (c == '|' || c == ';' || c == '&' || c == '<') {
                unsupported.add(c == '|' && next == '|' ? "||" : String.valueOf(c));
                if (c == '|' && next == '|') {
                    i++;
                }
            }
            current.append(c);
            wordStart = Character.isWhitespace(c);
        }
        if (!current.toString().isBlank() || commands.isEmpty()) {
            commands.add(current.toString().strip());
        }
        if (quote != 0) {
            unsupported.add("an unclosed " + quote);
        }
        return new Scan(commands, comment, unsupported);
    }

    /** The words of one command, expanded with {@code expander}. */
    static List<Word> words(String command, Expander expander) {
        List<Word> words = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inWord = false;
        int i = 0;
        while (i < command.length()) {
            char c = command.charAt(i);
            if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(new Word(current.toString(), false));
                    current.setLength(0);
                    inWord = false;
                }
                i++;
            } else if (c == '\'') {
                int close = command.indexOf('\'', i + 1);
                if (close < 0) {
                    throw new IllegalArgumentException("unclosed ' in: " + command);
                }
                current.append(command, i + 1, close);
                inWord = true;
                i = close + 1;
            } else if (c == '"') {
                i = doubleQuoted(command, i + 1, current, expander);
                inWord = true;
            } else if (c == '\\') {
                if (i + 1 < command.length()) {
                    current.append(command.charAt(i + 1));
                }
                inWord = true;
                i += 2;
            } else if (c == '$') {
                i = expansion(command, i, current, expander);
                inWord = true;
            } else if (c == '>') {
                if (inWord) {
                    words.add(new Word(current.toString(), false));
                    current.setLength(0);
                    inWord = false;
                }
                boolean append = i + 1 < command.length() && command.charAt(i + 1) == '>';
                words.add(new Word(append ? ">>" : ">", true));
                i += append ? 2 : 1;
            } else {
                current.append(c);
                inWord = true;
                i++;
            }
        }
        if (inWord) {
            words.add(new Word(current.toString(), false));
        }
        return words;
    }

    private static int doubleQuoted(String s, int i, StringBuilder out, Expander expander) {
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '"') {
                return i + 1;
            }
            if (c == '\\' && i + 1 < s.length() && "\\\"$`".indexOf(s.charAt(i + 1)) >= 0) {
                out.append(s.charAt(i + 1));
                i += 2;
            } else if (c == '$') {
                i = expansion(s, i, out, expander);
            } else {
                out.append(c);
                i++;
            }
        }
        throw new IllegalArgumentException("unclosed \" in: " + s);
    }

    /** Expands the {@code $...} at {@code i}; returns the index after it. */
    private static int expansion(String s, int i, StringBuilder out, Expander expander) {
        if (i + 1 >= s.length()) {
            out.append('$');
            return i + 1;
        }
        char next = s.charAt(i + 1);
        if (next == '(') {
            int depth = 1;
            int j = i + 2;
            while (j < s.length() && depth > 0) {
                char c = s.charAt(j);
                if (c == '(') {
                    depth++;
                } else if (c == ')') {
                    depth--;
                }
                j++;
            }
            if (depth != 0) {
                throw new IllegalArgumentException("unclosed $( in: " + s);
            }
            out.append(expander.command(s.substring(i + 2, j - 1).strip()));
            return j;
        }
        if (next == '{') {
            int close = s.indexOf('}', i + 2);
            if (close < 0) {
                throw new IllegalArgumentException("unclosed ${ in: " + s);
            }
            out.append(expander.variable(s.substring(i + 2, close)));
            return close + 1;
        }
        int j = i + 1;
        while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) {
            j++;
        }
        if (j == i + 1) {
            out.append('$');
            return i + 1;
        }
        out.append(expander.variable(s.substring(i + 1, j)));
        return j;
    }
}
