package io.licman.server.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits options-file text into logical lines of words.
 *
 * <p>Words are separated by blanks; {@code "..."} quotes a word containing blanks (no escapes);
 * {@code #} at the start of a word begins a comment to the end of the physical line; a {@code \}
 * ending a physical line (after any comment is removed) continues the logical line on the next.
 */
final class OptionsLexer {

    /** A word with the place it starts, 1-based. */
    record Word(String text, boolean quoted, int line, int column) {
    }

    /** A logical line: its words (never empty) and the line after its last word, for "expected ..." messages. */
    record Line(List<Word> words, int endLine, int endColumn) {
    }

    static final int MAX_LINE_CHARS = 64 * 1024;
    static final int MAX_WORDS = 100_000;

    private final String file;
    private final List<OptionsProblem> problems;

    OptionsLexer(String file, List<OptionsProblem> problems) {
        this.file = file;
        this.problems = problems;
    }

    List<Line> lex(String text) {
        List<Line> lines = new ArrayList<>();
        List<Word> pending = new ArrayList<>();
        int lineNumber = 0;
        int position = 0;
        int endLine = 0;
        int endColumn = 0;
        boolean continued = false;
        int continuationLine = 0;
        while (position < text.length()) {
            int end = text.indexOf('\n', position);
            if (end < 0) {
                end = text.length();
            }
            lineNumber++;
            int lineEnd = end > position && text.charAt(end - 1) == '\r' ? end - 1 : end;
            String physical = text.substring(position, lineEnd);
            position = end + 1;
            if (physical.length() > MAX_LINE_CHARS) {
                problem(lineNumber, 0, "the line is " + physical.length() + " characters long; lines may be at most " + MAX_LINE_CHARS);
                continued = false;
                pending.clear();
                continue;
            }
            PhysicalLine parsed = split(physical, lineNumber);
            if (parsed == null) {
                continued = false;
                pending.clear();
                continue;
            }
            if (pending.size() + parsed.words.size() > MAX_WORDS) {
                problem(lineNumber, 0, "the logical line has more than " + MAX_WORDS + " words");
                pending.clear();
                continued = false;
                continue;
            }
            pending.addAll(parsed.words);
            if (!parsed.words.isEmpty()) {
                Word last = parsed.words.get(parsed.words.size() - 1);
                endLine = last.line;
                endColumn = last.column + last.text.length() + (last.quoted ? 2 : 0);
            }
            continued = parsed.continues;
            if (continued) {
                continuationLine = lineNumber;
                continue;
            }
            if (!pending.isEmpty()) {
                lines.add(new Line(List.copyOf(pending), endLine, endColumn));
                pending.clear();
            }
        }
        if (continued) {
            problem(continuationLine, 0, "the line ends with '\\' but the file ends: expected the line to continue");
        } else if (!pending.isEmpty()) {
            lines.add(new Line(List.copyOf(pending), endLine, endColumn));
        }
        return lines;
    }

    private record PhysicalLine(List<Word> words, boolean continues) {
    }

    private PhysicalLine split(String line, int number) {
        List<Word> words = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (i < n) {
            char c = line.charAt(i);
            if (c == ' ' || c == '\t' || c == '\f' || c == '\u000b') {
                i++;
            } else if (Character.isISOControl(c)) {
                problem(number, i + 1, "unexpected control character (code " + (int) c + "); options files are plain text");
                return null;
            } else if (c == '#') {
                break;
            } else if (c == '"') {
                int close = line.indexOf('"', i + 1);
                if (close < 0) {
                    problem(number, i + 1, "the quoted word is not closed: expected '\"' before the end of the line");
                    return null;
                }
                words.add(new Word(line.substring(i + 1, close), true, number, i + 1));
                i = close + 1;
            } else {
                int start = i;
                while (i < n && !isDelimiter(line.charAt(i))) {
                    i++;
                }
                words.add(new Word(line.substring(start, i), false, number, start + 1));
            }
        }
        boolean continues = false;
        if (!words.isEmpty()) {
            Word last = words.get(words.size() - 1);
            if (!last.quoted && last.text.endsWith("\\")) {
                continues = true;
                words.remove(words.size() - 1);
                String rest = last.text.substring(0, last.text.length() - 1);
                if (!rest.isEmpty()) {
                    words.add(new Word(rest, false, last.line, last.column));
                }
            }
        }
        return new PhysicalLine(words, continues);
    }

    private static boolean isDelimiter(char c) {
        return c == ' ' || c == '\t' || c == '\f' || c == '\u000b' || c == '"' || Character.isISOControl(c);
    }

    private void problem(int line, int column, String message) {
        problems.add(new OptionsProblem(file, line, column, message));
    }
}
