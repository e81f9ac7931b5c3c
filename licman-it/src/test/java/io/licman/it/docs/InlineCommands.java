package io.licman.it.docs;

import io.licman.cli.CliEnvironment;
import io.licman.cli.LicmanCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * The {@code licman ...} commands quoted inline in prose and tables ({@code `licman run --wait 10m`}):
 * not run, but parsed with the real command definitions, so that a renamed command or option
 * cannot linger in the text. Spans with placeholders ({@code ...}, {@code [}, {@code |}, an
 * upper-case word where a command belongs) are left alone.
 */
final class InlineCommands {

    private static final Pattern SPAN = Pattern.compile("`((?:\\./|bin/)?licman [^`]+)`");

    private InlineCommands() {
    }

    /** Problems found in {@code file}, each with its line. */
    static List<String> check(Path file, String name) throws IOException {
        List<String> problems = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        boolean fenced = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.strip().startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            if (fenced) {
                continue;
            }
            Matcher m = SPAN.matcher(line.replace("\\|", "|"));
            while (m.find()) {
                String span = m.group(1);
                if (span.matches(".*(\\.\\.\\.|…|\\[|\\||<|\\{).*")) {
                    continue;
                }
                List<String> words;
                try {
                    words = ShellLexer.words(span, ShellLexer.DRY).stream().map(ShellLexer.Word::text).toList();
                } catch (IllegalArgumentException e) {
                    continue;
                }
                List<String> args = words.subList(1, words.size());
                int dashes = args.indexOf("--");
                if (dashes >= 0) {
                    args = args.subList(0, dashes + 1);
                }
                if (args.isEmpty() || args.get(0).matches("[A-Z]+") || args.get(0).endsWith(":")) {
                    // a placeholder for any command, or a quoted message ("licman server: cannot start: ...")
                    continue;
                }
                String problem = parse(args);
                if (problem != null) {
                    problems.add(name + ":" + (i + 1) + ": `" + span + "`: " + problem);
                }
            }
        }
        return problems;
    }

    /** Parses {@code args} as the licman command line would, without running anything. */
    private static String parse(List<String> args) {
        StringWriter sink = new StringWriter();
        CliEnvironment env = new CliEnvironment(new PrintWriter(sink), new PrintWriter(sink), Clock.systemUTC(), Path.of("."), Map.of());
        CommandLine cli = new CommandLine(new LicmanCommand(), new CommandLine.IFactory() {
            private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

            @Override
            public <K> K create(Class<K> type) throws Exception {
                try {
                    return type.getDeclaredConstructor(CliEnvironment.class).newInstance(env);
                } catch (NoSuchMethodException e) {
                    return fallback.create(type);
                }
            }
        });
        try {
            cli.parseArgs(args.toArray(String[]::new));
            return null;
        } catch (CommandLine.UnmatchedArgumentException e) {
            return e.getMessage();
        } catch (CommandLine.ParameterException e) {
            return null;
        }
    }
}
