package io.licman.cli.user;

import io.licman.cli.CliEnvironment;
import io.licman.cli.ExitCodes;
import io.licman.client.DiscoveredServer;
import io.licman.client.Discovery;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code licman discover}: finds licman servers on the local network over UDP 1384. */
@Command(name = "discover", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Find licman servers on the local network (UDP broadcast and multicast to port 1384) and show",
            "their features with free and total seats."})
public final class DiscoverCommand implements Callable<Integer> {

    private final CliEnvironment env;

    @Option(names = "--port", paramLabel = "N", defaultValue = "1384", description = "UDP port (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", paramLabel = "HOST", description = "Ask this host only (unicast) instead of broadcasting.")
    String host;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "1s", description = "How long to listen for answers.")
    String timeout;

    @Option(names = "--feature", paramLabel = "NAME", description = "Only servers with this feature.")
    String feature;

    public DiscoverCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() throws IOException {
        Discovery.Builder b = Discovery.builder().port(port).timeout(io.licman.core.license.DurationText.parse(timeout).compareTo(Duration.ZERO) > 0
                ? io.licman.core.license.DurationText.parse(timeout) : Duration.ofSeconds(1));
        if (host != null) {
            b.targets(List.of(new InetSocketAddress(host, port)));
        }
        if (feature != null) {
            b.feature(feature);
        }
        List<DiscoveredServer> servers = b.build().discover();
        if (servers.isEmpty()) {
            env.out().println("no licman server answered on UDP port " + port);
            return ExitCodes.NEGATIVE;
        }
        for (DiscoveredServer s : servers) {
            env.out().println(s.serverId() + "  " + String.join(",", s.endpoints().stream().map(Object::toString).toList())
                    + "  (" + s.role().name().toLowerCase(java.util.Locale.ROOT) + ", answered from " + s.respondedFrom().getAddress().getHostAddress() + ")"
                    + (s.truncated() ? "  [list cut short]" : ""));
            for (DiscoveredServer.Feature f : s.features()) {
                env.out().printf("  %s/%s: %s%n", f.vendor(), f.name(), f.uncounted() ? "uncounted" : f.free() + " of " + f.total() + " free");
            }
        }
        return ExitCodes.OK;
    }
}
