package io.licman.cli.report;

import io.licman.cli.CliEnvironment;
import io.licman.cli.ExitCodes;
import io.licman.cli.UserError;
import io.licman.cli.admin.ServerAddress;
import io.licman.server.report.ChainVerifier;
import io.licman.server.report.ReportFiles;
import io.licman.server.report.ReportFormats;
import io.licman.server.report.UsageReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code licman report}: usage reports from the server's report log, and {@code licman report verify}. */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Usage report over whole UTC days from the report log in the server's data directory: per feature, peak",
            "concurrent use per hour and day, seat-hours, utilisation, denials and true denials, top users, borrowing.",
            "'licman report verify' checks the log's hash chain."},
        subcommands = {ReportCommand.Verify.class})
public final class ReportCommand implements Callable<Integer> {

    private final CliEnvironment env;

    @Option(names = "--from", paramLabel = "YYYY-MM-DD", description = "First day (default: 6 days before --to).")
    String from;

    @Option(names = "--to", paramLabel = "YYYY-MM-DD", description = "Last day (default: today, UTC).")
    String to;

    @Option(names = "--feature", paramLabel = "NAME", description = "Only this feature (NAME or VENDOR/NAME).")
    String feature;

    @Option(names = "--format", paramLabel = "table|csv|json|html", defaultValue = "table",
            description = "Output: table (default), csv (one row per feature and hour), json (everything), html (one self-contained page "
                    + "with charts, to mail).")
    String format;

    @Option(names = "--true-denial-minutes", paramLabel = "N", defaultValue = "10",
            description = "A denial is true when the user got no seat within N minutes (default 10).")
    int trueDenialMinutes;

    @Option(names = "--out", paramLabel = "FILE", description = "Write to FILE instead of standard output.")
    Path out;

    @Option(names = "--data", paramLabel = "DIR", description = "The server's data directory (default: that of a server on this machine).")
    Path data;

    public ReportCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() throws IOException {
        ReportFormats.Format f = ReportFormats.Format.parse(format)
                .orElseThrow(() -> new UserError("--format must be table, csv, json or html, not '" + format + "'"));
        LocalDate today = LocalDate.ofInstant(env.clock().instant(), ZoneOffset.UTC);
        LocalDate last = to == null ? today : date(to, "--to");
        LocalDate first = from == null ? last.minusDays(6) : date(from, "--from");
        if (last.isBefore(first)) {
            throw new UserError("--to " + last + " is before --from " + first);
        }
        if (trueDenialMinutes < 0 || trueDenialMinutes > 1440) {
            throw new UserError("--true-denial-minutes must be between 0 and 1440");
        }
        UsageReport report = UsageReport.build(dataDirectory(env, data), first, last, feature, trueDenialMinutes, env.clock().millis());
        String text = ReportFormats.render(report, f);
        if (out != null) {
            Path file = env.resolve(out);
            Files.writeString(file, text, StandardCharsets.UTF_8);
            env.err().println("wrote " + file);
        } else {
            env.out().print(text);
            env.out().flush();
        }
        return ExitCodes.OK;
    }

    private static LocalDate date(String text, String option) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new UserError(option + ": '" + text + "' is not a date; use YYYY-MM-DD");
        }
    }

    /** The data directory holding a report log: --data, else the first local one that has one. */
    static Path dataDirectory(CliEnvironment env, Path explicit) {
        List<Path> searched = ServerAddress.localDataDirectories(env, explicit);
        for (Path dir : searched) {
            if (Files.isDirectory(ReportFiles.of(dir).directory())) {
                return dir;
            }
        }
        throw new UserError("no report log found (looked for reports/ in " + String.join(", ", searched.stream().map(Path::toString).toList())
                + "); give --data DIR, the server's data directory");
    }

    /** {@code licman report verify}. */
    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Check the report log's hash chain: exit 0 when intact, 1 naming the file and line of the first break."})
    public static final class Verify implements Callable<Integer> {
        private final CliEnvironment env;

        @Option(names = "--data", paramLabel = "DIR", description = "The server's data directory (default: that of a server on this machine).")
        Path data;

        public Verify(CliEnvironment env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            ChainVerifier.Result result = ChainVerifier.of(dataDirectory(env, data)).verify();
            result.notes().forEach(n -> env.err().println("note: " + n));
            if (result.firstBreak().isPresent()) {
                env.out().println("BROKEN " + result.firstBreak().get());
                env.out().println("checked " + result.records() + " records before the break");
                return ExitCodes.NEGATIVE;
            }
            env.out().println("OK " + result.records() + " records in " + result.files() + " day files, chain intact");
            return ExitCodes.OK;
        }
    }
}
