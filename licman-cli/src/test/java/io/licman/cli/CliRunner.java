package io.licman.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/** Runs {@code licman} commands in-process with a fixed clock and captured output. */
public final class CliRunner {

    private final Path workingDirectory;
    private final Clock clock;

    public CliRunner(Path workingDirectory, Instant now) {
        this.workingDirectory = workingDirectory;
        this.clock = Clock.fixed(now, ZoneOffset.UTC);
    }

    /** What one command printed and returned. */
    public record Result(int exitCode, String out, String err) {
    }

    public Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = LicmanCommand.run(new CliEnvironment(new PrintWriter(out, true), new PrintWriter(err, true), clock, workingDirectory, Map.of()), args);
        return new Result(code, out.toString(), err.toString());
    }
}
