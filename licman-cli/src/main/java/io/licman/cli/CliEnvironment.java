package io.licman.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * What a command may touch outside itself: output streams, the clock, the working directory
 * and environment variables. Tests pass their own to run commands in-process.
 *
 * @param out standard output
 * @param err standard error
 * @param clock the wall clock
 * @param workingDirectory where relative paths start
 * @param variables environment variables
 */
public record CliEnvironment(PrintWriter out, PrintWriter err, Clock clock, Path workingDirectory, Map<String, String> variables) {

    /** The real process environment. */
    public static CliEnvironment system() {
        return new CliEnvironment(
                new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true),
                new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true),
                Clock.systemUTC(),
                Path.of("").toAbsolutePath(),
                System.getenv());
    }

    /** Resolves a path given on the command line against the working directory. */
    public Path resolve(Path path) {
        return workingDirectory.resolve(path);
    }
}
