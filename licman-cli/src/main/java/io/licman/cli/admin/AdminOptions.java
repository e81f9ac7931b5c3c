package io.licman.cli.admin;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every command that talks to a server shares. */
public final class AdminOptions {

    @Option(names = "--server", paramLabel = "PORT@HOST[,...]", description = "Servers to try in order (default: $LICMAN_SERVER, "
            + "then a server on this machine, then 1384@localhost).")
    public String server;

    @Option(names = "--token", paramLabel = "VALUE|@FILE", description = "Admin token, or @FILE to read it (default: admin.token "
            + "in the data directory of a server on this machine).")
    public String token;

    @Option(names = "--data", paramLabel = "DIR", description = "Data directory of a local server, to find its port and admin token.")
    public Path data;
}
