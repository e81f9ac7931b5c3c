package io.licman.cli.token;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where {@code licman token} works: the server's data directory on this machine, or a server's HTTP API. */
public final class TokenOptions {

    @Option(names = "--data", paramLabel = "DIR", description = "The server's data directory (default: the data directory of a "
            + "server on this machine: $LICMAN_DATA, ./.licman-demo/data, /var/lib/licman, ~/.licman/data).")
    Path data;

    @Option(names = "--server", paramLabel = "PORT@HOST", description = "Manage the tokens of this server over its HTTP API instead "
            + "(needs an admin token: --token).")
    String server;

    @Option(names = "--token", paramLabel = "VALUE|@FILE", description = "With --server: an admin token, or @FILE to read it "
            + "(default: admin.token in a local data directory).")
    String token;
}
