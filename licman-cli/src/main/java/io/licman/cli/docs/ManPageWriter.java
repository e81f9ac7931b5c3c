package io.licman.cli.docs;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** Writes a roff man page (section 1) for a command from its picocli definition. */
final class ManPageWriter {

    private ManPageWriter() {
    }

    static String write(CommandSpec spec, String version, LocalDate date) {
        String name = spec.qualifiedName("-");
        StringBuilder out = new StringBuilder();
        out.append(".TH ").append(quote(name.toUpperCase(Locale.ROOT))).append(" 1 ").append(quote(date.toString())).append(' ')
                .append(quote("licman " + version)).append(' ').append(quote("licman manual")).append('\n');
        out.append(".SH NAME\n").append(escape(name)).append(" \\- ").append(escape(firstLine(spec))).append('\n');
        out.append(".SH SYNOPSIS\n.B ").append(escape(spec.qualifiedName(" "))).append('\n');
        String synopsis = new CommandLine.Help(spec, CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF)).synopsis(0);
        String afterName = synopsis.strip().substring(Math.min(synopsis.strip().length(), spec.qualifiedName(" ").length())).strip();
        out.append(escape(afterName.replaceAll("\\s+", " "))).append('\n');
        out.append(".SH DESCRIPTION\n");
        for (String line : spec.usageMessage().description()) {
            out.append(line.isBlank() ? ".PP" : escape(line)).append('\n');
        }
        List<PositionalParamSpec> positionals = spec.positionalParameters();
        if (!positionals.isEmpty()) {
            out.append(".SH ARGUMENTS\n");
            for (PositionalParamSpec p : positionals) {
                out.append(".TP\n.I ").append(escape(p.paramLabel())).append('\n').append(escape(String.join(" ", p.description()))).append('\n');
            }
        }
        if (!spec.options().isEmpty()) {
            out.append(".SH OPTIONS\n");
            for (OptionSpec o : spec.options()) {
                out.append(".TP\n.B ").append(escape(String.join(", ", o.names())));
                if (o.arity().max() > 0) {
                    out.append(" \\fI").append(escape(o.paramLabel())).append("\\fR");
                }
                out.append('\n').append(escape(String.join(" ", o.description()).replace("${DEFAULT-VALUE}", String.valueOf(o.defaultValue()))))
                        .append('\n');
            }
        }
        if (!spec.subcommands().isEmpty()) {
            out.append(".SH COMMANDS\n");
            spec.subcommands().forEach((sub, line) -> {
                if (!sub.equals("help")) {
                    out.append(".TP\n.B ").append(escape(sub)).append('\n').append(escape(firstLine(line.getCommandSpec()))).append('\n');
                }
            });
            out.append(".PP\nEach command has its own page, such as \\fBlicman-server\\fR(1), and its own \\fB\\-\\-help\\fR.\n");
        }
        String[] footer = spec.usageMessage().footer();
        if (footer.length > 0) {
            out.append(".SH EXAMPLES\n.nf\n");
            for (String line : footer) {
                if (!line.isBlank() && !line.equals("Example:") && !line.startsWith("Run 'licman")) {
                    out.append(escape(line)).append('\n');
                }
            }
            out.append(".fi\n");
        }
        out.append(".SH EXIT STATUS\n0 success; 1 a negative answer (an invalid license, a denied checkout, nothing found); "
                + "2 bad usage or unusable input; 3 the server could not be reached.\n");
        out.append(".SH SEE ALSO\n\\fBlicman\\fR(1); the guides in the docs directory of the distribution.\n");
        return out.toString();
    }

    private static String firstLine(CommandSpec spec) {
        String[] description = spec.usageMessage().description();
        return description.length == 0 ? spec.name() : description[0];
    }

    private static String quote(String s) {
        return "\"" + s.replace("\"", "'") + "\"";
    }

    /** Escapes roff: backslashes, hyphens, and a leading dot or quote. */
    static String escape(String s) {
        String e = s.replace("\\", "\\e").replace("-", "\\-");
        if (e.startsWith(".") || e.startsWith("'")) {
            e = "\\&" + e;
        }
        return e;
    }
}
