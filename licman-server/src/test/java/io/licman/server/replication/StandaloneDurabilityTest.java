package io.licman.server.replication;

import static org.assertj.core.api.Assertions.assertThat;

import io.licman.core.protocol.v1.ClientFrame;
import io.licman.core.protocol.v1.Granted;
import io.licman.core.protocol.v1.Heartbeat;
import io.licman.core.protocol.v1.LeaseKey;
import io.licman.core.protocol.v1.Resume;
import io.licman.core.protocol.v1.ServerFrame;
import io.licman.core.protocol.v1.ServerRole;
import io.licman.server.config.ReplicationConfig;
import io.licman.server.testing.TestServer;
import io.licman.server.testing.WireClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A standalone server keeps its ledger in a one-peer Raft group on local disk. */
@Timeout(120)
class StandaloneDurabilityTest {

    @TempDir
    Path dir;

    private TestServer start() throws Exception {
        return TestServer.start(dir, List.of(TestServer.feature("cad", 5).build()), null, b -> b.replication(ReplicationConfig.standalone()));
    }

    @Test
    void leasesSurviveARestartWithTheirIdsAndSecrets() throws Exception {
        List<Granted> granted = new ArrayList<>();
        try (TestServer server = start()) {
            WireClient client = WireClient.connect(server.port(), "alice", "ws1", null);
            for (int i = 0; i < 3; i++) {
                granted.add(client.checkout("cad"));
            }
            client.checkin(granted.remove(2));
            client.abort();
        }
        assertThat(Files.isDirectory(dir.resolve("data").resolve(Replication.RAFT_DIRECTORY))).isTrue();
        try (TestServer server = start(); WireClient client = WireClient.connect(server.port(), "alice", "ws1", null)) {
            Resume.Builder resume = Resume.newBuilder();
            granted.forEach(g -> resume.addLeases(LeaseKey.newBuilder().setLeaseId(g.getLeaseId()).setSecret(g.getLeaseSecret())));
            ServerFrame resumed = client.call(ClientFrame.newBuilder().setResume(resume));
            assertThat(resumed.getResumed().getLeasesList()).hasSize(2).allSatisfy(s -> assertThat(s.getOk()).isTrue());
            assertThat(server.server().ledger().read(l -> l.leaseCount()).join()).isEqualTo(2);
            Granted third = client.checkout("cad");
            assertThat(third.getLeaseId()).isNotIn(granted.stream().map(Granted::getLeaseId).toList());
        }
    }

    @Test
    void welcomeSaysStandalone() throws Exception {
        try (TestServer server = start()) {
            assertThat(((Leadership) server.server().ledger()).role()).isEqualTo(ServerRole.SERVER_ROLE_STANDALONE);
            assertThat(((Leadership) server.server().ledger()).isServing()).isTrue();
        }
    }

    @Test
    void heartbeatsAreAnsweredFromMemoryNotWrittenOneByOne() throws Exception {
        try (TestServer server = start(); WireClient client = WireClient.connect(server.port(), "alice", "ws1", null)) {
            Leadership leadership = (Leadership) server.server().ledger();
            Granted g = client.checkout("cad");
            long before = leadership.status().commitIndex();
            Heartbeat hb = Heartbeat.newBuilder().addLeases(LeaseKey.newBuilder().setLeaseId(g.getLeaseId()).setSecret(g.getLeaseSecret())).build();
            for (int i = 0; i < 300; i++) {
                ServerFrame ack = client.call(ClientFrame.newBuilder().setHeartbeat(hb));
                assertThat(ack.getHeartbeatAck().getLeases(0).getOk()).isTrue();
            }
            long written = leadership.status().commitIndex() - before;
            assertThat(written).as("log entries written during 300 heartbeats").isLessThan(30);
        }
    }

    @Test
    void theLogIsCompactedAfterSnapshotsAndARestartRecoversFromThem() throws Exception {
        Granted kept;
        try (TestServer server = start(); WireClient client = WireClient.connect(server.port(), "alice", "ws1", null)) {
            kept = client.checkout("cad");
            for (int i = 0; i < 2_300; i++) {
                client.checkin(client.checkout("cad"));
            }
            client.abort();
        }
        Path raft = dir.resolve("data").resolve(Replication.RAFT_DIRECTORY);
        List<String> files;
        try (Stream<Path> walk = Files.walk(raft)) {
            files = walk.map(p -> p.getFileName().toString()).toList();
        }
        assertThat(files).anyMatch(f -> f.startsWith("snapshot."));
        assertThat(files).as("log segments").noneMatch(f -> f.equals("log_0-0") || f.startsWith("log_0-"));
        try (TestServer server = start(); WireClient client = WireClient.connect(server.port(), "alice", "ws1", null)) {
            ServerFrame resumed = client.call(ClientFrame.newBuilder().setResume(Resume.newBuilder()
                    .addLeases(LeaseKey.newBuilder().setLeaseId(kept.getLeaseId()).setSecret(kept.getLeaseSecret()))));
            assertThat(resumed.getResumed().getLeases(0).getOk()).isTrue();
        }
    }
}
