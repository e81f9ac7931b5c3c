package io.licman.server.fuzz;

import io.licman.server.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** One real server for a whole fuzz run, on loopback, with rate limits raised so that every input gets through. */
final class FuzzServer {

    private static TestServer server;

    private FuzzServer() {
    }

    static synchronized TestServer get() throws Exception {
        if (server == null) {
            Path dir = Files.createTempDirectory("licman-fuzz");
            server = TestServer.start(dir, List.of(TestServer.feature("cad-pro", 3).build(), TestServer.feature("viewer", 1).build()),
                    "MAX 1 cad-pro USER mallory\nRESERVE 1 viewer USER alice\n",
                    b -> b.udpEnabled(false).maxConnectionsPerAddress(20_000)
                            .limits(b.limits().with("max-checkouts-per-second", "10000000").with("max-auth-failures-per-minute", "1000000")));
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        }
        return server;
    }
}
