package io.licman.bench.load;

import io.licman.server.LicmanServer;
import io.licman.server.config.ServerConfig;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The server side of the load test, run as its own JVM so its heap and CPU are its own:
 * {@code BenchServer DIR} serves {@code DIR/bench.lic} with the keys in {@code DIR/trust} on an
 * ephemeral loopback port, and prints {@code PORT <n>} when ready.
 */
public final class BenchServer {

    private BenchServer() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        ServerConfig config = ServerConfig.builder().addLicenseFile(dir.resolve("bench.lic")).trustDirectory(dir.resolve("trust"))
                .dataDirectory(dir.resolve("data")).bindAddress("127.0.0.1").port(0).serverId("bench").watchFiles(false)
                .defaultLeaseTtl(Duration.ofSeconds(120)).maxConnections(20_000).maxConnectionsPerAddress(20_000).build();
        LicmanServer server = LicmanServer.start(config);
        System.out.println("PORT " + server.tcpAddress().getPort());
        System.out.flush();
        server.awaitShutdown();
    }
}
