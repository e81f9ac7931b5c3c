package io.licman.server.security;

import io.licman.server.testing.TestServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The server under attack in {@link AttackTest}, in a child JVM of its own so that the attacking
 * sockets and the accepted ones do not share one file-descriptor limit. Prints {@code PORT n};
 * then answers {@code heap} on standard input with {@code HEAP bytes} (heap used after a full
 * collection) and stops at {@code quit} or the end of input.
 */
public final class AttackServerMain {

    private AttackServerMain() {
    }

    public static void main(String[] args) throws Exception {
        try (TestServer server = TestServer.start(Path.of(args[0]), List.of(TestServer.feature("cad-pro", 50).build()), null,
                b -> b.handshakeTimeout(Duration.ofSeconds(3)).maxConnections(20_000).maxConnectionsPerAddress(2_000)
                        .limits(b.limits().with("http-request-timeout", "3s")))) {
            System.out.println("PORT " + server.port());
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null && !line.equals("quit")) {
                if (line.equals("heap")) {
                    for (int i = 0; i < 3; i++) {
                        System.gc();
                        Thread.sleep(100);
                    }
                    System.out.println("HEAP " + ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
                    System.out.flush();
                }
            }
        }
        System.exit(0);
    }
}
