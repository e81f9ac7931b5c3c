package io.licman.cli;

import io.licman.cli.admin.DiagCommand;
import io.licman.cli.admin.NamedUsersCommand;
import io.licman.cli.admin.ReloadCommand;
import io.licman.cli.admin.RemoveCommand;
import io.licman.cli.admin.ShutdownCommand;
import io.licman.cli.admin.StatusCommand;
import io.licman.cli.docs.CompletionCommand;
import io.licman.cli.docs.ManCommand;
import io.licman.cli.migrate.ImportFlexlmCommand;
import io.licman.cli.server.ServerCommand;
import io.licman.cli.user.CheckoutCommand;
import io.licman.cli.user.DiscoverCommand;
import io.licman.cli.user.RunCommand;
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
            ServerCommand.class,
            StatusCommand.class,
            RemoveCommand.class,
            ReloadCommand.class,
            ShutdownCommand.class,
            DiagCommand.class,
            NamedUsersCommand.class,
            io.licman.cli.admin.ClockCommand.class,
            io.licman.cli.tls.TlsCommand.class,
            io.licman.cli.cluster.ClusterCommand.class,
            CheckoutCommand.class,
            RunCommand.class,
            DiscoverCommand.class,
            KeygenCommand.class,
            IssueCommand.class,
            VerifyCommand.class,
            HostIdCommand.class,
            ImportFlexlmCommand.class,
            io.licman.cli.report.ReportCommand.class,
            io.licman.cli.token.TokenCommand.class,
            CompletionCommand.class,
            ManCommand.class,
            CommandLine.HelpCommand.class
        },
        footer = {"", "Run 'licman COMMAND --help' for the options of a command. Documentation: docs/ in the distribution."})
public final class LicmanCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        configureLogging();
        System.exit(run(CliEnvironment.system(), args));
    }

    /** Log lines with a time stamp; libraries only speak up about problems. Overridable with -D flags. */
    private static void configureLogging() {
        setDefault("org.slf4j.simpleLogger.defaultLogLevel", "info");
        setDefault("org.slf4j.simpleLogger.showDateTime", "true");
        setDefault("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd HH:mm:ss");
        setDefault("org.slf4j.simpleLogger.showThreadName", "false");
        setDefault("org.slf4j.simpleLogger.showShortLogName", "true");
        setDefault("org.slf4j.simpleLogger.log.io.netty", "warn");
        setDefault("org.slf4j.simpleLogger.log.io.licman.client", "warn");
        setDefault("org.slf4j.simpleLogger.log.org.apache.ratis", "warn");
        setDefault("org.slf4j.simpleLogger.log.org.apache.ratis.grpc.server.GrpcLogAppender", "error");
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
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
