package io.licman.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The replication lines of a config file: what a cluster's peers may be, and the errors that name a wrong line. */
class ReplicationConfigTest {

    @TempDir
    Path dir;

    private ServerConfig.Builder read(String text) throws Exception {
        Path file = Files.writeString(dir.resolve("licman.conf"), "license = a.lic\ntrust = trust\ndata = data\n" + text);
        ServerConfig.Builder builder = ServerConfig.builder();
        ConfigFile.apply(file, builder);
        return builder;
    }

    @Test
    void threePeersOnOneHostWithPortsOfTheirOwnFormACluster() throws Exception {
        ReplicationConfig replication = read("peer-id = b\npeer = a 127.0.0.1:1385 1384\npeer = b 127.0.0.1:1387 1386\n"
                + "peer = c 127.0.0.1:1389 1388\n").build().replication();

        assertThat(replication.mode()).isEqualTo(ReplicationConfig.Mode.CLUSTER);
        assertThat(replication.self().orElseThrow().clientEndpoint()).isEqualTo("1386@127.0.0.1");
    }

    @Test
    void aPeerWhoseClusterPortIsItsClientPortIsRefusedNamingBoth() {
        assertThatThrownBy(() -> read("peer-id = a\npeer = a 127.0.0.1:38795 38795\npeer = b 127.0.0.1:1387 1386\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("licman.conf")
                .hasMessageContaining("port 38795 on 127.0.0.1 is both the cluster port of peer 'a' and the client port of peer 'a'");
    }

    @Test
    void twoPeersOnOneHostSharingAPortAreRefused() {
        assertThatThrownBy(() -> read("peer-id = a\npeer = a 10.0.0.5:1385 1384\npeer = b 10.0.0.5:1384 1386\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("port 1384 on 10.0.0.5 is both the client port of peer 'a' and the cluster port of peer 'b'");
    }

    @Test
    void peersOnDifferentHostsMayUseTheSamePorts() throws Exception {
        ReplicationConfig replication = read("peer-id = a\npeer = a 10.0.0.5:1385\npeer = b 10.0.0.6:1385\npeer = c 10.0.0.7:1385\n")
                .build().replication();

        assertThat(replication.peers()).hasSize(3).allSatisfy(p -> assertThat(p.clientPort()).isEqualTo(1384));
    }
}
