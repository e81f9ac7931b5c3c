package io.licman.server.net;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.licman.server.config.ConfigException;
import io.licman.server.config.ReplicationConfig;
import io.licman.server.testing.TestServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server whose port another program holds refuses to start, naming the port and what to do. */
class PortInUseTest {

    @TempDir
    Path dir;

    @Test
    void aTakenClientPortIsNamedInTheStartError() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();

            assertThatThrownBy(() -> TestServer.start(dir, List.of(TestServer.feature("cad", 1).build()), null, b -> b.port(port)))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("cannot listen on TCP 127.0.0.1:" + port)
                    .hasMessageContaining("choose another 'port'");
        }
    }

    @Test
    void aTakenClusterPortIsNamedWithItsPeer() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                ServerSocket others = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int clusterPort = taken.getLocalPort();
            // b and c are named but never started; their ports are closed.
            int closed = others.getLocalPort();
            List<ReplicationConfig.Peer> peers = List.of(new ReplicationConfig.Peer("a", "127.0.0.1", clusterPort, closed + 1),
                    new ReplicationConfig.Peer("b", "127.0.0.1", closed, closed + 2),
                    new ReplicationConfig.Peer("c", "127.0.0.1", closed + 3, closed + 4));

            assertThatThrownBy(() -> TestServer.start(dir, List.of(TestServer.feature("cad", 1).build()), null,
                    b -> b.replication(ReplicationConfig.cluster("a", peers))))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("cannot listen on the cluster port 127.0.0.1:" + clusterPort + " of peer 'a': ");
        }
    }

}
