package io.licman.cli.docs;

import io.licman.cli.CliEnvironment;
import io.licman.cli.ExitCodes;
import io.licman.cli.SafeFiles;
import io.licman.cli.VersionProvider;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code licman man --out DIR}: writes man pages for every command from the command definitions. */
@Command(name = "man", mixinStandardHelpOptions = true,
        description = {"Write man pages (section 1) for licman and each of its commands, made from the same definitions as --help.",
            "Install them with: licman man --out /usr/local/share/man/man1"})
public final class ManCommand implements Callable<Integer> {

    private final CliEnvironment env;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to write licman.1 and licman-COMMAND.1 to.")
    Path out;

    public ManCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        CommandLine root = spec.root().commandLine();
        LocalDate today = LocalDate.now(env.clock().withZone(ZoneOffset.UTC));
        int written = write(root.getCommandSpec(), today);
        for (CommandLine sub : root.getSubcommands().values()) {
            if (!sub.getCommandName().equals("help")) {
                written += write(sub.getCommandSpec(), today);
            }
        }
        env.out().println("wrote " + written + " man pages to " + env.resolve(out));
        return ExitCodes.OK;
    }

    private int write(CommandLine.Model.CommandSpec command, LocalDate today) {
        Path file = env.resolve(out).resolve(command.qualifiedName("-") + ".1");
        SafeFiles.write(file, ManPageWriter.write(command, VersionProvider.version(), today), false, true);
        return 1;
    }
}
