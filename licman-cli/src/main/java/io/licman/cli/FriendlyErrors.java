package io.licman.cli;

import picocli.CommandLine;

/**
 * Prints a failed command's reason as one line instead of a stack trace. A {@link UserError}
 * carries its own exit status; anything else is a bug and says so.
 */
final class FriendlyErrors implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        if (e instanceof UserError error) {
            commandLine.getErr().println("licman " + commandLine.getCommandName() + ": " + error.getMessage());
            return error.exitCode();
        }
        commandLine.getErr().println("licman " + commandLine.getCommandName() + ": internal error: " + e
                + " (please report this with the command you ran)");
        if (System.getenv("LICMAN_DEBUG") != null) {
            e.printStackTrace(commandLine.getErr());
        }
        return ExitCodes.INTERNAL;
    }
}
