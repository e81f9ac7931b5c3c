package io.licman.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.licman.core.protocol.v1.ClientFrame;
import io.licman.core.protocol.v1.Granted;
import io.licman.core.protocol.v1.Heartbeat;
import io.licman.core.protocol.v1.LeaseKey;
import io.licman.core.protocol.v1.Resume;
import io.licman.core.protocol.v1.ServerFrame;
import io.licman.core.protocol.v1.StatusRequest;
import io.licman.server.testing.TestServer;
import io.licman.server.testing.WireClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A grant whose answer never reached its client (the connection died in between) must not stay
 * taken for as long as the client runs: the client's heartbeats renew every lease of its id.
 * The server takes such a lease back once the client has been connected without it for a
 * time-to-live; a lease the client resumes in that time stays.
 */
@Timeout(60)
class UnclaimedLeaseTest {

    private static final Duration TTL = Duration.ofSeconds(3);

    @TempDir
    Path dir;

    @Test
    void aGrantTheClientNeverLearnedOfIsTakenBackOneTtlAfterItReconnectsWithoutIt() throws Exception {
        try (TestServer server = TestServer.start(dir, List.of(TestServer.feature("cad-pro", 3).build()), null,
                config -> config.defaultLeaseTtl(TTL))) {
            byte[] clientId = "unclaimed-lease1".getBytes(StandardCharsets.US_ASCII);
            WireClient first = WireClient.connect(server.port(), "alice", "ws1", null, clientId);
            Granted neverDelivered = first.checkout("cad-pro");
            Granted resumedLater = first.checkout("cad-pro");
            first.abort();

            try (WireClient again = WireClient.connect(server.port(), "alice", "ws1", null, clientId)) {
                long reconnected = System.nanoTime();
                Granted fresh = again.checkout("cad-pro");
                boolean resumed = false;
                long deadline = reconnected + Duration.ofSeconds(20).toNanos();
                while (leaseIds(server).contains(neverDelivered.getLeaseId()) && System.nanoTime() < deadline) {
                    if (!resumed && System.nanoTime() - reconnected > TTL.toNanos() / 3) {
                        ServerFrame reply = again.call(ClientFrame.newBuilder().setResume(Resume.newBuilder().addLeases(key(resumedLater))));
                        assertThat(reply.getResumed().getLeases(0).getOk()).as(reply.toString()).isTrue();
                        resumed = true;
                    }
                    ServerFrame ack = again.call(ClientFrame.newBuilder().setHeartbeat(heartbeat(fresh, resumed ? resumedLater : null)));
                    assertThat(ack.getHeartbeatAck().getLeasesList()).allMatch(s -> s.getOk());
                    Thread.sleep(200); // the client's heartbeat cadence, not a wait for the result
                }
                long tookMillis = (System.nanoTime() - reconnected) / 1_000_000;

                assertThat(leaseIds(server)).as("leases after %d ms", tookMillis)
                        .doesNotContain(neverDelivered.getLeaseId()).contains(fresh.getLeaseId(), resumedLater.getLeaseId());
                assertThat(tookMillis).as("taken back only after a whole TTL").isGreaterThanOrEqualTo(TTL.toMillis());
            }
        }
    }

    private static LeaseKey key(Granted g) {
        return LeaseKey.newBuilder().setLeaseId(g.getLeaseId()).setSecret(g.getLeaseSecret()).build();
    }

    private static Heartbeat heartbeat(Granted held, Granted alsoHeld) {
        Heartbeat.Builder b = Heartbeat.newBuilder().addLeases(key(held));
        if (alsoHeld != null) {
            b.addLeases(key(alsoHeld));
        }
        return b.build();
    }

    private static Set<Long> leaseIds(TestServer server) throws Exception {
        try (WireClient admin = WireClient.connect(server.port(), "root", "server", server.adminToken())) {
            return admin.call(ClientFrame.newBuilder().setStatusRequest(StatusRequest.getDefaultInstance())).getStatusReply()
                    .getLeasesList().stream().map(l -> l.getLeaseId()).collect(Collectors.toSet());
        }
    }
}
