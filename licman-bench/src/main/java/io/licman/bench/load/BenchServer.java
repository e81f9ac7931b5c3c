package io.licman.bench.load;

import io.licman.server.LicmanServer;
import io.licman.server.config.ReplicationConfig;
import io.licman.server.config.ServerConfig;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The server side of the load test, run as its own JVM so its heap and CPU are its own:
 * {@code BenchServer DIR [none|standalone|cluster PEER-ID PEER;PEER;...]} serves
 * {@code DIR/bench.lic} with the keys in {@code DIR/trust} on loopback, with the ledger in memory
 * (the default), on local disk, or in a cluster (each {@code PEER} is {@code ID HOST:CLUSTERPORT
 * CLIENTPORT}), and prints {@code PORT <n>} when ready.
 */
public final class BenchServer {

    private BenchServer() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String mode = args.length > 1 ? args[1] : "none";
        ReplicationConfig replication = switch (mode) {
            case "none" -> ReplicationConfig.none();
            case "standalone" -> ReplicationConfig.standalone();
            case "cluster" -> ReplicationConfig.cluster(args[2],
                    java.util.Arrays.stream(args[3].split(";")).map(ReplicationConfig.Peer::parse).toList());
            default -> throw new IllegalArgumentException("replication " + mode + " is not none, standalone or cluster");
        };
        int port = replication.self().map(ReplicationConfig.Peer::clientPort).orElse(0);
        String data = replication.self().map(p -> "data-" + p.id()).orElse("data");
        ServerConfig config = ServerConfig.builder().addLicenseFile(dir.resolve("bench.lic")).trustDirectory(dir.resolve("trust"))
                .dataDirectory(dir.resolve(data)).bindAddress("127.0.0.1").port(port).replication(replication)
                .limits(io.licman.server.limits.LimitSettings.defaults().with("max-checkouts-per-second", "10000000")).serverId("bench").watchFiles(false)
                .defaultLeaseTtl(Duration.ofSeconds(120)).maxConnections(20_000).maxConnectionsPerAddress(20_000)
                // LICMAN_BENCH_REPORT_LOG=no measures the request path without the report log's writing.
                .reportLog(!"no".equals(System.getenv("LICMAN_BENCH_REPORT_LOG"))).build();
        LicmanServer server = LicmanServer.start(config);
        System.out.println("PORT " + server.tcpAddress().getPort());
        System.out.flush();
        server.awaitShutdown();
    }
}
