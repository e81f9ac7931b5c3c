package io.licman.it.docs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Markdown file read as the docs tests see it: its fenced {@code sh} blocks and the
 * {@code <!-- docs-test: ... -->} directives around them, in document order
 * (conventions: {@code docs/CONTRIBUTING-docs.md}).
 */
final class MarkdownDoc {

    /** What the docs tests do, in document order. */
    sealed interface Step permits Commands, Skipped, WriteFile, Copy, Session, Invalid {
        /** {@code file:line} of the step in the Markdown file. */
        String source();
    }

    /**
     * Shell command lines to run: a visible {@code sh} block, or a hidden {@code run} directive.
     *
     * @param lines logical lines (continuations joined), each with its source
     * @param runAs the user name checkouts of this step use, or null for the real one
     */
    record Commands(String source, List<Line> lines, boolean hidden, String runAs) implements Step {
    }

    /** One logical command line and where it starts. */
    record Line(String source, String text) {
    }

    /** A {@code sh} block that is not run, with the author's reason. */
    record Skipped(String source, String reason, List<Line> lines) implements Step {
    }

    /** Writes {@code content} to {@code path} in the session's sandbox. */
    record WriteFile(String source, String path, String content) implements Step {
    }

    /** Copies a file next to the Markdown file into the sandbox. */
    record Copy(String source, Path from, String to) implements Step {
    }

    /** Switches to the named sandbox. */
    record Session(String source, String name) implements Step {
    }

    /** A mistake in the conventions, reported as a failure. */
    record Invalid(String source, String message) implements Step {
    }

    /** Languages of blocks that look like shell commands but would not be run: the convention is {@code sh}. */
    private static final Set<String> OTHER_SHELLS = Set.of("bash", "shell", "console", "zsh", "shell-session");
    private static final Pattern FENCE = Pattern.compile("^(\\s*)(```+|~~~+)\\s*(.*)$");
    private static final String DIRECTIVE = "<!-- docs-test:";

    private final Path file;
    private final String name;
    private final List<Step> steps = new ArrayList<>();

    private MarkdownDoc(Path file, String name) {
        this.file = file;
        this.name = name;
    }

    /** Reads {@code file}; {@code name} is how it is named in messages (its path in the repository). */
    static MarkdownDoc read(Path file, String name) throws IOException {
        MarkdownDoc doc = new MarkdownDoc(file, name);
        doc.parse(Files.readAllLines(file, StandardCharsets.UTF_8));
        return doc;
    }

    List<Step> steps() {
        return steps;
    }

    String name() {
        return name;
    }

    /** True when the file has anything for the docs tests to do or report. */
    boolean hasWork() {
        return steps.stream().anyMatch(s -> !(s instanceof Session));
    }

    private record Pending(String source, String kind, String argument) {
    }

    private void parse(List<String> text) {
        Pending pending = null;
        int i = 0;
        while (i < text.size()) {
            String line = text.get(i);
            String where = name + ":" + (i + 1);
            if (line.strip().startsWith(DIRECTIVE)) {
                int start = i;
                StringBuilder comment = new StringBuilder(line.strip().substring(DIRECTIVE.length()));
                while (!comment.toString().contains("-->") && i + 1 < text.size()) {
                    i++;
                    comment.append('\n').append(text.get(i));
                }
                i++;
                String body = comment.toString();
                int end = body.indexOf("-->");
                if (end < 0) {
                    steps.add(new Invalid(where, "the docs-test comment is not closed with '-->'"));
                    return;
                }
                String directive = body.substring(0, end);
                int newline = directive.indexOf('\n');
                String head = (newline < 0 ? directive : directive.substring(0, newline)).strip();
                String rest = newline < 0 ? "" : directive.substring(newline + 1);
                if (pending != null) {
                    steps.add(new Invalid(pending.source(), "'docs-test: " + pending.kind() + "' must come right before a fenced block"));
                    pending = null;
                }
                pending = directive(name + ":" + (start + 1), head, rest, start + 2);
                continue;
            }
            Matcher fence = FENCE.matcher(line);
            if (fence.matches()) {
                String indent = fence.group(1);
                String marker = fence.group(2);
                String info = fence.group(3).strip();
                String lang = info.isEmpty() ? "" : info.split("\\s+")[0].toLowerCase(Locale.ROOT);
                int first = i + 1;
                List<String> content = new ArrayList<>();
                i++;
                while (i < text.size() && !text.get(i).strip().startsWith(marker)) {
                    String raw = text.get(i);
                    content.add(raw.startsWith(indent) ? raw.substring(indent.length()) : raw.stripLeading());
                    i++;
                }
                i++;
                block(where, lang, content, first + 1, pending);
                pending = null;
                continue;
            }
            if (pending != null && !line.isBlank()) {
                steps.add(new Invalid(pending.source(), "'docs-test: " + pending.kind() + "' must come right before a fenced block"));
                pending = null;
            }
            i++;
        }
        if (pending != null) {
            steps.add(new Invalid(pending.source(), "'docs-test: " + pending.kind() + "' is not followed by a fenced block"));
        }
    }

    /** Handles one directive; returns it when it applies to the next fenced block. */
    private Pending directive(String where, String head, String body, int bodyLine) {
        String[] parts = head.split("\\s+", 2);
        String kind = parts[0];
        String argument = parts.length > 1 ? parts[1].strip() : "";
        switch (kind) {
            case "skip" -> {
                if (argument.isEmpty()) {
                    steps.add(new Invalid(where, "'docs-test: skip' needs a reason: <!-- docs-test: skip why this block cannot run here -->"));
                    return null;
                }
                return new Pending(where, kind, argument);
            }
            case "file" -> {
                if (argument.isEmpty()) {
                    steps.add(new Invalid(where, "'docs-test: file' needs a path"));
                    return null;
                }
                if (!body.isBlank()) {
                    steps.add(new WriteFile(where, argument, body.endsWith("\n") ? body : body + "\n"));
                    return null;
                }
                return new Pending(where, kind, argument);
            }
            case "run" -> {
                String runAs = null;
                if (!argument.isEmpty()) {
                    String[] as = argument.split("\\s+");
                    if (as.length != 2 || !as[0].equals("as")) {
                        steps.add(new Invalid(where, "expected 'docs-test: run' or 'docs-test: run as USER', found '" + head + "'"));
                        return null;
                    }
                    runAs = as[1];
                }
                List<String> lines = List.of(body.split("\n", -1));
                steps.add(new Commands(where, logicalLines(lines, bodyLine), true, runAs));
                return null;
            }
            case "copy" -> {
                String[] paths = argument.split("\\s+");
                if (argument.isEmpty() || paths.length > 2) {
                    steps.add(new Invalid(where, "expected 'docs-test: copy FILE [TARGET]' (FILE relative to this Markdown file)"));
                    return null;
                }
                Path from = file.getParent().resolve(paths[0]).normalize();
                String to = paths.length == 2 ? paths[1] : Path.of(paths[0]).getFileName().toString();
                steps.add(new Copy(where, from, to));
                return null;
            }
            case "session" -> {
                if (!argument.matches("[A-Za-z0-9_-]+")) {
                    steps.add(new Invalid(where, "'docs-test: session' needs a name of letters, digits, '-' or '_'"));
                    return null;
                }
                steps.add(new Session(where, argument));
                return null;
            }
            default -> {
                steps.add(new Invalid(where, "unknown directive 'docs-test: " + kind
                        + "'; the directives are skip, file, run, copy and session (docs/CONTRIBUTING-docs.md)"));
                return null;
            }
        }
    }

    private void block(String where, String lang, List<String> content, int firstLine, Pending pending) {
        if (pending != null && pending.kind().equals("file")) {
            steps.add(new WriteFile(pending.source(), pending.argument(), String.join("\n", content) + "\n"));
            return;
        }
        if (pending != null && !lang.equals("sh")) {
            steps.add(new Invalid(pending.source(), "'docs-test: skip' applies to sh blocks only; this block is '" + lang + "'"));
            return;
        }
        if (OTHER_SHELLS.contains(lang)) {
            steps.add(new Invalid(where, "a '" + lang + "' block would not be run: write commands in ```sh blocks, "
                    + "and output in plain ``` blocks (docs/CONTRIBUTING-docs.md)"));
            return;
        }
        if (!lang.equals("sh")) {
            return;
        }
        List<Line> lines = logicalLines(content, firstLine);
        if (pending != null) {
            steps.add(new Skipped(pending.source(), pending.argument(), lines));
        } else {
            steps.add(new Commands(where, lines, false, null));
        }
    }

    /** Joins lines ending in a backslash with the next, as the shell does. */
    private List<Line> logicalLines(List<String> physical, int firstLine) {
        List<Line> out = new ArrayList<>();
        StringBuilder current = null;
        int start = 0;
        for (int i = 0; i < physical.size(); i++) {
            String line = physical.get(i);
            if (current == null) {
                if (line.isBlank()) {
                    continue;
                }
                current = new StringBuilder();
                start = firstLine + i;
            }
            String stripped = stripTrailing(line);
            if (stripped.endsWith("\\") && !stripped.endsWith("\\\\")) {
                current.append(stripped, 0, stripped.length() - 1).append(' ');
                continue;
            }
            current.append(line);
            out.add(new Line(name + ":" + start, current.toString().strip()));
            current = null;
        }
        if (current != null) {
            out.add(new Line(name + ":" + start, current.toString().strip()));
        }
        return out;
    }

    private static String stripTrailing(String s) {
        int end = s.length();
        while (end > 0 && Character.isWhitespace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end);
    }
}
