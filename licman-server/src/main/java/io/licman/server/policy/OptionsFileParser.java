package io.licman.server.policy;

import io.licman.core.license.DurationText;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads FlexLM-style options files into a {@link Policy} (reference: {@code docs/options-file.md}).
 *
 * <p>Reading never throws: every problem is reported with file, line, column and what was
 * expected, and a file with any problem yields no policy at all, so a server can keep the policy
 * it has. Keywords and {@code TYPE} words are case-insensitive; names are not (see the reference).
 * Input is bounded (4 MiB, 64 Ki characters per line).
 *
 * <pre>{@code
 * ParsedOptions parsed = OptionsFileParser.parse(text, "site.opt");
 * if (!parsed.isValid()) parsed.problems().forEach(System.err::println);
 * }</pre>
 */
public final class OptionsFileParser {

    /** The largest options file accepted, in bytes (and characters). */
    public static final int MAX_FILE_BYTES = 4 * 1024 * 1024;

    private static final int MAX_PROBLEMS = 1000;

    private static final List<String> KEYWORDS = List.of("GROUP", "HOST_GROUP", "INCLUDE", "INCLUDEALL", "EXCLUDE",
            "EXCLUDEALL", "RESERVE", "MAX", "TIMEOUT", "TIMEOUTALL", "LINGER", "MAX_BORROW_HOURS", "MAX_OVERDRAFT", "NOLOG",
            "GROUPCASEINSENSITIVE", "SHOW_HOLDERS");

    private static final Map<String, String> UNSUPPORTED = Map.ofEntries(
            Map.entry("REPORTLOG", "licman's usage log is set in the server configuration, not the options file"),
            Map.entry("DEBUGLOG", "licman's diagnostic log is set in the server configuration, not the options file"),
            Map.entry("MAX_CONNECTIONS", "licman has no per-daemon connection limit to set"),
            Map.entry("BORROW_LOWWATER", "use RESERVE or MAX to keep seats from being borrowed"),
            Map.entry("INCLUDE_BORROW", "use INCLUDE and MAX_BORROW_HOURS"),
            Map.entry("EXCLUDE_BORROW", "use MAX_BORROW_HOURS feature 0 or EXCLUDE"),
            Map.entry("INCLUDE_ENTITLEMENT", "licman has no entitlements"),
            Map.entry("EXCLUDE_ENTITLEMENT", "licman has no entitlements"),
            Map.entry("FQDN_MATCHING", "host names are compared exactly (ignoring case)"),
            Map.entry("ACTIVATION_LOWWATER", "licman has no activation"),
            Map.entry("ACTIVATION_EXPIRY_DAYS", "licman has no activation"));

    private OptionsFileParser() {
    }

    /** Reads and parses an options file; an unreadable or non-text file is reported as a problem. */
    public static ParsedOptions read(Path file) {
        String name = file.toString();
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                return failed(name, "the file is " + size + " bytes; options files may be at most " + MAX_FILE_BYTES);
            }
            return parse(Files.readAllBytes(file), name);
        } catch (NoSuchFileException e) {
            return failed(name, "no such file");
        } catch (IOException e) {
            return failed(name, "cannot read the file: " + e.getMessage());
        }
    }

    /** Parses options given as bytes, which must be UTF-8 text. */
    public static ParsedOptions parse(byte[] content, String fileName) {
        if (content.length > MAX_FILE_BYTES) {
            return failed(fileName, "the content is " + content.length + " bytes; options files may be at most " + MAX_FILE_BYTES);
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content)).toString();
            return parse(text, fileName);
        } catch (CharacterCodingException e) {
            return failed(fileName, "this is not an options file: it is not UTF-8 text");
        }
    }

    /** Parses options text; {@code fileName} is used in problem locations. */
    public static ParsedOptions parse(String text, String fileName) {
        if (text.length() > MAX_FILE_BYTES) {
            return failed(fileName, "the text is " + text.length() + " characters; options files may be at most " + MAX_FILE_BYTES);
        }
        return new Parse(fileName).run(text);
    }

    private static ParsedOptions failed(String file, String message) {
        return new ParsedOptions(List.of(new OptionsProblem(file, 0, 0, message)), null);
    }

    /** Thrown inside a line's parse to abandon the line after its problem was recorded. */
    private static final class LineAbandoned extends RuntimeException {
        LineAbandoned() {
            super(null, null, false, false);
        }
    }

    /** The words of one logical line, consumed left to right. */
    private static final class Cursor {
        private final OptionsLexer.Line line;
        private final Parse parse;
        private final String usage;
        private int next = 1;

        Cursor(OptionsLexer.Line line, Parse parse, String usage) {
            this.line = line;
            this.parse = parse;
            this.usage = usage;
        }

        OptionsLexer.Word keyword() {
            return line.words().get(0);
        }

        boolean hasMore() {
            return next < line.words().size();
        }

        OptionsLexer.Word take(String expected) {
            if (!hasMore()) {
                throw parse.fail(line.endLine(), line.endColumn(),
                        "expected " + expected + " at the end of the line; the form is: " + usage);
            }
            return line.words().get(next++);
        }

        List<OptionsLexer.Word> rest() {
            List<OptionsLexer.Word> out = line.words().subList(next, line.words().size());
            next = line.words().size();
            return out;
        }

        void end() {
            if (hasMore()) {
                OptionsLexer.Word extra = line.words().get(next);
                throw parse.fail(extra, "unexpected '" + extra.text() + "' after the end of the rule; the form is: " + usage);
            }
        }
    }

    private record GroupReference(Target target, OptionsLexer.Word word) {
    }

    /** The state of one parse. */
    private static final class Parse {
        private final String file;
        private final List<OptionsProblem> problems = new ArrayList<>();
        private final Policy.Builder builder = Policy.builder();
        private final List<GroupReference> references = new ArrayList<>();
        private final Map<String, Integer> setOnLine = new HashMap<>();
        private final Map<String, Boolean> groupNames = new HashMap<>();
        private final Map<String, Boolean> hostGroupNames = new HashMap<>();

        Parse(String file) {
            this.file = file;
        }

        ParsedOptions run(String text) {
            for (OptionsLexer.Line line : new OptionsLexer(file, problems).lex(text)) {
                try {
                    line(line);
                } catch (LineAbandoned e) {
                    // the problem is recorded; go on with the next line
                }
            }
            for (GroupReference ref : references) {
                boolean host = ref.target().type() == TargetType.HOST_GROUP;
                if (!(host ? hostGroupNames : groupNames).containsKey(ref.target().name())) {
                    String keyword = host ? "HOST_GROUP" : "GROUP";
                    problem(ref.word().line(), ref.word().column(), keyword + " '" + ref.target().name()
                            + "' is not defined: add a line '" + keyword + " " + OptionsText.quoteIfNeeded(ref.target().name())
                            + (host ? " host..." : " user...") + "'");
                }
            }
            if (!problems.isEmpty()) {
                return new ParsedOptions(sorted(), null);
            }
            try {
                return new ParsedOptions(List.of(), builder.build());
            } catch (IllegalArgumentException e) {
                return new ParsedOptions(List.of(new OptionsProblem(file, 0, 0, e.getMessage())), null);
            }
        }

        private List<OptionsProblem> sorted() {
            List<OptionsProblem> out = new ArrayList<>(problems);
            out.sort(Comparator.comparingInt(OptionsProblem::line).thenComparingInt(OptionsProblem::column));
            if (out.size() > MAX_PROBLEMS) {
                int more = out.size() - MAX_PROBLEMS;
                out = new ArrayList<>(out.subList(0, MAX_PROBLEMS));
                out.add(new OptionsProblem(file, 0, 0, more + " more problems not shown"));
            }
            return out;
        }

        private void line(OptionsLexer.Line line) {
            OptionsLexer.Word first = line.words().get(0);
            String keyword = first.text().toUpperCase(Locale.ROOT);
            if (first.quoted() || !KEYWORDS.contains(keyword)) {
                String why = UNSUPPORTED.get(keyword);
                if (why != null && !first.quoted()) {
                    throw fail(first, "the FlexLM keyword " + keyword + " is not supported by licman (" + why + "); remove the line");
                }
                throw fail(first, "unknown keyword '" + first.text() + "'; expected one of " + String.join(", ", KEYWORDS));
            }
            switch (keyword) {
                case "GROUP" -> group(line, false);
                case "HOST_GROUP" -> group(line, true);
                case "INCLUDE", "EXCLUDE" -> access(line, keyword);
                case "INCLUDEALL", "EXCLUDEALL" -> accessAll(line, keyword);
                case "RESERVE", "MAX" -> seatRule(line, keyword);
                case "TIMEOUT" -> timeout(line);
                case "TIMEOUTALL" -> timeoutAll(line);
                case "LINGER" -> linger(line);
                case "MAX_BORROW_HOURS" -> maxBorrowHours(line);
                case "MAX_OVERDRAFT" -> maxOverdraft(line);
                case "NOLOG" -> noLog(line);
                case "GROUPCASEINSENSITIVE" -> onOff(line, keyword, builder::usersCaseInsensitive);
                case "SHOW_HOLDERS" -> onOff(line, keyword, builder::showHolders);
                default -> throw new AssertionError(keyword);
            }
        }

        private void group(OptionsLexer.Line line, boolean hosts) {
            String keyword = hosts ? "HOST_GROUP" : "GROUP";
            Cursor c = new Cursor(line, this, keyword + " name " + (hosts ? "host" : "user") + " [...]");
            OptionsLexer.Word name = c.take("a group name");
            List<OptionsLexer.Word> members = c.rest();
            if (members.isEmpty()) {
                throw fail(line.endLine(), line.endColumn(), "expected at least one " + (hosts ? "host" : "user")
                        + " name after " + keyword + " " + name.text());
            }
            List<String> names = new ArrayList<>();
            for (OptionsLexer.Word m : members) {
                names.add(m.text());
            }
            apply(name, () -> {
                if (hosts) {
                    builder.hostGroup(name.text(), names);
                } else {
                    builder.group(name.text(), names);
                }
            });
            (hosts ? hostGroupNames : groupNames).put(name.text(), Boolean.TRUE);
        }

        private void access(OptionsLexer.Line line, String keyword) {
            Cursor c = new Cursor(line, this, keyword + " feature TYPE name");
            FeatureRef feature = feature(c);
            Target target = target(c);
            c.end();
            if (keyword.equals("INCLUDE")) {
                builder.include(feature, target);
            } else {
                builder.exclude(feature, target);
            }
        }

        private void accessAll(OptionsLexer.Line line, String keyword) {
            Cursor c = new Cursor(line, this, keyword + " TYPE name");
            Target target = target(c);
            c.end();
            if (keyword.equals("INCLUDEALL")) {
                builder.includeAll(target);
            } else {
                builder.excludeAll(target);
            }
        }

        private void seatRule(OptionsLexer.Line line, String keyword) {
            Cursor c = new Cursor(line, this, keyword + " seats feature TYPE name");
            OptionsLexer.Word seatsWord = c.take("a number of seats");
            int seats = number(seatsWord, keyword.equals("RESERVE") ? 1 : 0, Policy.MAX_SEATS, "a number of seats");
            FeatureRef feature = feature(c);
            Target target = target(c);
            c.end();
            if (keyword.equals("RESERVE")) {
                builder.reserve(seats, feature, target);
            } else {
                builder.max(seats, feature, target);
            }
        }

        private void timeout(OptionsLexer.Line line) {
            Cursor c = new Cursor(line, this, "TIMEOUT feature seconds");
            FeatureRef feature = feature(c);
            OptionsLexer.Word value = c.take("a number of seconds");
            Duration ttl = duration(value);
            c.end();
            once(c.keyword(), "TIMEOUT " + feature);
            apply(value, () -> builder.timeout(feature, ttl));
        }

        private void timeoutAll(OptionsLexer.Line line) {
            Cursor c = new Cursor(line, this, "TIMEOUTALL seconds");
            OptionsLexer.Word value = c.take("a number of seconds");
            Duration ttl = duration(value);
            c.end();
            once(c.keyword(), "TIMEOUTALL");
            apply(value, () -> builder.timeoutAll(ttl));
        }

        private void linger(OptionsLexer.Line line) {
            Cursor c = new Cursor(line, this, "LINGER feature seconds");
            FeatureRef feature = feature(c);
            OptionsLexer.Word value = c.take("a number of seconds");
            Duration linger = duration(value);
            c.end();
            once(c.keyword(), "LINGER " + feature);
            apply(value, () -> builder.linger(feature, linger));
        }

        private void maxBorrowHours(OptionsLexer.Line line) {
            Cursor c = new Cursor(line, this, "MAX_BORROW_HOURS feature hours");
            FeatureRef feature = feature(c);
            OptionsLexer.Word value = c.take("a number of hours");
            int hours = number(value, 0, Policy.MAX_BORROW_HOURS, "a whole number of hours");
            c.end();
            once(c.keyword(), "MAX_BORROW_HOURS " + feature);
            builder.maxBorrowHours(feature, hours);
        }

        private void maxOverdraft(OptionsLexer.Line line) {
            Cursor c = new Cursor(line, this, "MAX_OVERDRAFT feature seats");
            FeatureRef feature = feature(c);
            OptionsLexer.Word value = c.take("a number of seats");
            int seats = number(value, 0, Policy.MAX_SEATS, "a number of seats");
            c.end();
            once(c.keyword(), "MAX_OVERDRAFT " + feature);
            builder.maxOverdraft(feature, seats);
        }

        private void noLog(OptionsLexer.Line line) {
            Cursor c = new Cursor(line, this, "NOLOG IN|OUT|DENIED|QUEUED");
            OptionsLexer.Word value = c.take("IN, OUT, DENIED or QUEUED");
            Optional<LogCategory> category = value.quoted() ? Optional.empty() : LogCategory.parse(value.text());
            if (category.isEmpty()) {
                throw fail(value, "expected IN, OUT, DENIED or QUEUED after NOLOG, found '" + value.text() + "'");
            }
            c.end();
            builder.noLog(category.get());
        }

        private void onOff(OptionsLexer.Line line, String keyword, java.util.function.Consumer<Boolean> setter) {
            Cursor c = new Cursor(line, this, keyword + " ON|OFF");
            OptionsLexer.Word value = c.take("ON or OFF");
            String v = value.text().toUpperCase(Locale.ROOT);
            if (value.quoted() || !(v.equals("ON") || v.equals("OFF"))) {
                throw fail(value, "expected ON or OFF after " + keyword + ", found '" + value.text() + "'");
            }
            c.end();
            once(c.keyword(), keyword);
            setter.accept(v.equals("ON"));
        }

        private FeatureRef feature(Cursor c) {
            OptionsLexer.Word word = c.take("a feature name");
            try {
                return FeatureRef.parse(word.text());
            } catch (IllegalArgumentException e) {
                throw fail(word, e.getMessage());
            }
        }

        private Target target(Cursor c) {
            OptionsLexer.Word typeWord = c.take("a TYPE (" + TargetType.names() + ")");
            Optional<TargetType> type = typeWord.quoted() ? Optional.empty() : TargetType.parse(typeWord.text());
            if (type.isEmpty()) {
                throw fail(typeWord, "expected a TYPE (" + TargetType.names() + "), found '" + typeWord.text() + "'");
            }
            OptionsLexer.Word name = c.take("a " + type.get() + " name");
            Target target;
            try {
                target = new Target(type.get(), name.text());
            } catch (IllegalArgumentException e) {
                throw fail(name, e.getMessage());
            }
            if (type.get() == TargetType.GROUP || type.get() == TargetType.HOST_GROUP) {
                references.add(new GroupReference(target, name));
            }
            return target;
        }

        private int number(OptionsLexer.Word word, int min, int max, String expected) {
            String t = word.text();
            if (word.quoted() || !t.matches("\\d{1,9}")) {
                throw fail(word, "expected " + expected + ", found '" + t + "'");
            }
            int v = Integer.parseInt(t);
            if (v < min || v > max) {
                throw fail(word, "expected " + expected + " between " + min + " and " + max + ", found " + v);
            }
            return v;
        }

        private Duration duration(OptionsLexer.Word word) {
            try {
                if (word.quoted()) {
                    throw new IllegalArgumentException("expected a number of seconds, found a quoted word");
                }
                return DurationText.parse(word.text());
            } catch (IllegalArgumentException e) {
                throw fail(word, e.getMessage());
            }
        }

        private void once(OptionsLexer.Word keyword, String what) {
            Integer earlier = setOnLine.putIfAbsent(what, keyword.line());
            if (earlier != null) {
                throw fail(keyword, what + " is already set on line " + earlier + "; give it once");
            }
        }

        private void apply(OptionsLexer.Word word, Runnable change) {
            try {
                change.run();
            } catch (IllegalArgumentException e) {
                throw fail(word, e.getMessage());
            }
        }

        LineAbandoned fail(OptionsLexer.Word word, String message) {
            return fail(word.line(), word.column(), message);
        }

        LineAbandoned fail(int line, int column, String message) {
            problem(line, column, message);
            return new LineAbandoned();
        }

        private void problem(int line, int column, String message) {
            problems.add(new OptionsProblem(file, line, column, message));
        }
    }
}
