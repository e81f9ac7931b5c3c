package io.licman.cli.server;

import io.licman.cli.CliEnvironment;
import io.licman.cli.ExitCodes;
import io.licman.cli.UserError;
import io.licman.server.LicmanServer;
import io.licman.server.config.ConfigException;
import io.licman.server.config.ConfigFile;
import io.licman.server.config.ServerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code licman server}: runs a license server in the foreground. */
@Command(name = "server", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run a licman server: the licman protocol and HTTP on TCP port 1384, discovery on UDP 1384.",
            "Settings come from --config FILE, then the flags (a flag wins over the file). Stop it with Ctrl-C or 'licman shutdown'."})
public final class ServerCommand implements Callable<Integer> {

    private final CliEnvironment env;

    @Option(names = "--config", paramLabel = "FILE", description = "A licman.conf file (see docs/server.md).")
    Path configFile;

    @Option(names = "--license", paramLabel = "FILE", arity = "1..*", description = "License files to serve.")
    List<Path> licenses;

    @Option(names = "--trust", paramLabel = "DIR", description = "Directory of trusted vendor .pub files.")
    Path trust;

    @Option(names = "--options", paramLabel = "FILE", description = "Options file (site policy, FlexLM syntax).")
    Path options;

    @Option(names = "--data", paramLabel = "DIR", description = "Data directory: admin token, state (default: ~/.licman/data).")
    Path data;

    @Option(names = "--port", paramLabel = "N", description = "TCP and UDP port (default 1384; 0 picks a free one).")
    Integer port;

    @Option(names = "--bind", paramLabel = "ADDR", description = "Address to listen on (default 0.0.0.0; :: for IPv6 too).")
    String bind;

    @Option(names = "--server-id", paramLabel = "NAME", description = "Name shown in status and discovery (default: host name).")
    String serverId;

    @Option(names = "--lease-ttl", paramLabel = "DURATION", description = "How long a lease lives without a heartbeat (default 120s).")
    String leaseTtl;

    @Option(names = "--no-udp", description = "Do not answer UDP discovery.")
    boolean noUdp;

    @Option(names = "--no-watch", description = "Do not reload license and options files when they change.")
    boolean noWatch;

    @Option(names = "--ephemeral", description = "Keep the ledger in memory only (replication = none): a restart forgets every lease.")
    boolean ephemeral;

    public ServerCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() throws Exception {
        ServerConfig config = config();
        LicmanServer server;
        try {
            server = LicmanServer.start(config);
        } catch (ConfigException e) {
            throw new UserError(e.getMessage());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "licman-shutdown"));
        env.out().println("licman server '" + server.serverId() + "' listening on port " + server.tcpAddress().getPort()
                + " (admin token in " + server.dataDirectory().root().resolve("admin.token") + ")");
        env.out().flush();
        server.awaitShutdown();
        return ExitCodes.OK;
    }

    ServerConfig config() {
        ServerConfig.Builder builder = ServerConfig.builder();
        try {
            if (configFile != null) {
                ConfigFile.apply(env.resolve(configFile), builder);
            }
            if (licenses != null) {
                builder.licenseFiles(licenses.stream().map(env::resolve).toList());
            }
            if (trust != null) {
                builder.trustDirectory(env.resolve(trust));
            }
            if (options != null) {
                builder.optionsFile(env.resolve(options));
            }
            if (data != null) {
                builder.dataDirectory(env.resolve(data));
            } else {
                builder.defaultDataDirectory(defaultDataDirectory());
            }
            if (port != null) {
                builder.port(port);
            }
            if (bind != null) {
                builder.bindAddress(bind);
            }
            if (serverId != null) {
                builder.serverId(serverId);
            }
            if (leaseTtl != null) {
                builder.defaultLeaseTtl(io.licman.core.license.DurationText.parse(leaseTtl));
            }
            if (noUdp) {
                builder.udpEnabled(false);
            }
            if (noWatch) {
                builder.watchFiles(false);
            }
            if (ephemeral) {
                builder.replication(io.licman.server.config.ReplicationConfig.none());
            }
            return builder.build();
        } catch (ConfigException e) {
            throw new UserError(e.getMessage());
        } catch (IllegalArgumentException | NullPointerException e) {
            String message = e.getMessage();
            if ("trust directory".equals(message)) {
                message = "no trust directory: give --trust DIR (the directory of the vendors' .pub files)";
            }
            throw new UserError(message);
        }
    }

    private Path defaultDataDirectory() {
        String fromEnv = env.variables().get("LICMAN_DATA");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv);
        }
        return Path.of(System.getProperty("user.home"), ".licman", "data");
    }

}
