package io.licman.cli.admin;

import io.licman.cli.CliEnvironment;
import io.licman.cli.ExitCodes;
import io.licman.cli.UserError;
import io.licman.server.clock.ClockGuard;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code licman clock}: the server's guard against a clock set back. */
@Command(name = "clock", mixinStandardHelpOptions = true,
        description = {"The server's guard against a system clock set back (docs/security.md).", ""},
        subcommands = {ClockCommand.Status.class, ClockCommand.Ack.class})
public final class ClockCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static Path dataDirectory(CliEnvironment env, Path explicit) {
        for (Path dir : ServerAddress.localDataDirectories(env, explicit)) {
            if (Files.isDirectory(dir) && (explicit != null || Files.exists(dir.resolve("admin.token")))) {
                return dir;
            }
        }
        throw new UserError("no server data directory found; name it with --data DIR");
    }

    /** {@code licman clock status}. */
    @Command(name = "status", mixinStandardHelpOptions = true, description = "Print the latest time the server has seen and the system clock.")
    public static final class Status implements Callable<Integer> {
        private final CliEnvironment env;

        @Option(names = "--data", paramLabel = "DIR", description = "The server's data directory.")
        Path data;

        public Status(CliEnvironment env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            Path dir = dataDirectory(env, data);
            Path mark = dir.resolve(ClockGuard.MARK_FILE);
            Instant now = env.clock().instant();
            if (!Files.exists(mark)) {
                env.out().println("no clock mark in " + dir + " yet; system clock " + now);
            } else {
                Instant seen = Instant.ofEpochMilli(Long.parseLong(Files.readString(mark, StandardCharsets.US_ASCII).strip()));
                env.out().println("latest time seen (saved every 10 minutes): " + seen);
                env.out().println("system clock:                              " + now);
                if (now.isBefore(seen)) {
                    env.out().println("the system clock is " + java.time.Duration.between(now, seen).toMinutes()
                            + " minutes behind; beyond the tolerance (clock-tolerance, default 1 h) licenses that expire are held "
                            + "until 'licman clock ack'");
                }
            }
            env.out().flush();
            return ExitCodes.OK;
        }
    }

    /** {@code licman clock ack}. */
    @Command(name = "ack", mixinStandardHelpOptions = true,
            description = {"Accept the system clock as right after it was set back: licenses that expire are served again.",
                "Needs write access to the server's data directory; the acknowledgement is logged and kept in clock.history."})
    public static final class Ack implements Callable<Integer> {
        private final CliEnvironment env;

        @Option(names = "--data", paramLabel = "DIR", description = "The server's data directory.")
        Path data;

        @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the record.")
        String reason;

        public Ack(CliEnvironment env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException, InterruptedException {
            Path dir = dataDirectory(env, data);
            Path ack = dir.resolve(ClockGuard.ACK_FILE);
            String note = "by " + System.getProperty("user.name", "?") + (reason == null ? "" : ": " + reason);
            Files.writeString(ack, note + "\n", StandardCharsets.UTF_8);
            for (int i = 0; i < 30 && Files.exists(ack); i++) {
                Thread.sleep(100);
            }
            env.out().println(Files.exists(ack) ? "acknowledged; a server using " + dir + " applies it when it starts"
                    : "acknowledged: the server serves licenses that expire again");
            env.out().flush();
            return ExitCodes.OK;
        }
    }
}
