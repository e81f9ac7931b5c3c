package io.licman.cli;

import io.licman.cli.vendor.HostIdCommand;
import io.licman.cli.vendor.IssueCommand;
import io.licman.cli.vendor.KeygenCommand;
import io.licman.cli.vendor.VerifyCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code licman} command: one entry point for the site administrator (server, status),
 * the vendor's license desk (keygen, issue, verify, hostid) and users (checkout, run).
 */
@Command(name = "licman",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"licman: an open network license manager on port 1384.", ""},
        subcommands = {
            DemoCommand.class,
            KeygenCommand.class,
            IssueCommand.class,
            VerifyCommand.class,
            HostIdCommand.class,
            CommandLine.HelpCommand.class
        },
        footer = {"", "Run 'licman COMMAND --help' for the options of a command. Documentation: docs/ in the distribution."})
public final class LicmanCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        System.exit(run(CliEnvironment.system(), args));
    }

    /** Runs {@code args} in {@code environment} and returns the exit status; used by main and by tests. */
    public static int run(CliEnvironment environment, String... args) {
        CommandLine commandLine = new CommandLine(new LicmanCommand(), new EnvironmentFactory(environment));
        commandLine.setOut(environment.out());
        commandLine.setErr(environment.err());
        commandLine.setExecutionExceptionHandler(new FriendlyErrors());
        return commandLine.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
