package io.licman.client;

import static io.licman.client.Fixtures.ACME;
import static io.licman.client.Fixtures.WAIT;
import static io.licman.client.Fixtures.await;
import static io.licman.client.Fixtures.client;
import static org.assertj.core.api.Assertions.assertThat;

import io.licman.client.Fixtures.RecordingListener;
import io.licman.client.fake.FakeLicmanServer;
import io.licman.core.protocol.v1.ClientFrame;
import io.licman.core.protocol.v1.ClientFrame.BodyCase;
import io.licman.core.protocol.v1.LeaseKey;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HeartbeatTest {

    /** Short, to keep the tests quick; long enough that a busy machine's pauses do not look like a stalled server. */
    static final int INTERVAL_MILLIS = 200;
    private FakeLicmanServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = FakeLicmanServer.start("lic1", ACME).heartbeatInterval(INTERVAL_MILLIS).ttl(2_000);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void oneHeartbeatCarriesEveryLeaseWithItsSecretAtTheNegotiatedInterval() throws Exception {
        try (LicenseClient client = client(server).build();
             Lease first = client.checkout("cad-pro", "");
             Lease second = client.checkout("viewer", "")) {
            int before = server.frames(BodyCase.HEARTBEAT).size();
            List<FakeLicmanServer.Received> beats = awaitHeartbeatsWithBoth(first, second, 4);
            for (FakeLicmanServer.Received beat : beats) {
                assertThat(beat.frame().getHeartbeat().getLeasesList()).extracting(LeaseKey::getLeaseId)
                        .containsExactlyInAnyOrder(first.id(), second.id());
                for (LeaseKey key : beat.frame().getHeartbeat().getLeasesList()) {
                    assertThat(key.getSecret().size()).isEqualTo(16);
                    assertThat(server.leases().knows(key.getLeaseId())).isTrue();
                }
            }
            // Each beat is timed when the server reads it, so one late delivery shortens the next gap: the mean is what counts.
            long meanGapMillis = (beats.get(beats.size() - 1).atNanos() - beats.get(0).atNanos()) / 1_000_000 / (beats.size() - 1);
            assertThat(meanGapMillis).as("mean gap between heartbeats").isBetween(INTERVAL_MILLIS * 7L / 10, INTERVAL_MILLIS * 5L);
            assertThat(before).isGreaterThanOrEqualTo(0);
            assertThat(first.isValid()).isTrue();
            assertThat(second.isValid()).isTrue();
        }
    }

    @Test
    void idleSessionStillSendsEmptyHeartbeats() throws Exception {
        try (LicenseClient client = client(server).build()) {
            client.checkout("cad-pro", "").close();
            int checkins = server.frames(BodyCase.CHECKIN).size();
            int already = server.frames(BodyCase.HEARTBEAT).size();
            server.awaitFrames(BodyCase.HEARTBEAT, already + 2, WAIT);
            List<ClientFrame> beats = server.frames(BodyCase.HEARTBEAT);
            assertThat(beats.get(beats.size() - 1).getHeartbeat().getLeasesCount()).isZero();
            assertThat(checkins).isEqualTo(1);
        }
    }

    @Test
    void leaseReportedLostByAHeartbeatAckBecomesInvalidAndTheListenerHears() throws Exception {
        RecordingListener listener = new RecordingListener();
        try (LicenseClient client = client(server).listener(listener).build();
             Lease kept = client.checkout("cad-pro", "")) {
            Lease lost = client.checkout("viewer", "");
            server.leases().forget(lost.id());
            await("the lost lease is reported", () -> !lost.isValid());
            await("the listener hears", () -> listener.events().contains("lost " + lost.id() + " UNKNOWN_LEASE"));
            assertThat(lost.loss()).hasValueSatisfying(loss -> {
                assertThat(loss.isPermanent()).isTrue();
                assertThat(loss.message()).isEqualTo("no such lease");
            });
            assertThat(kept.isValid()).isTrue();
            assertThat(client.leases()).containsExactly(kept);
            int afterLoss = server.frames(BodyCase.HEARTBEAT).size();
            ClientFrame next = server.awaitFrames(BodyCase.HEARTBEAT, afterLoss + 1, WAIT).get(afterLoss);
            assertThat(next.getHeartbeat().getLeasesList()).extracting(LeaseKey::getLeaseId).containsExactly(kept.id());
            lost.close();
            assertThat(server.frames(BodyCase.CHECKIN)).as("a lease gone for good is not checked in").isEmpty();
        }
        assertThat(server.frames(BodyCase.CHECKIN)).hasSize(1);
    }

    @Test
    void stalledServerIsDetectedByTheMissingHeartbeatAckAndTheLeaseResumedOnANewConnection() throws Exception {
        RecordingListener listener = new RecordingListener();
        try (LicenseClient client = client(server).listener(listener).build(); Lease lease = client.checkout("cad-pro", "")) {
            server.stall(true);
            await("the client gives up on the stalled connection", () -> server.sessionCount() >= 2);
            server.stall(false);
            assertThat(server.awaitEnd(0, WAIT)).as("the stalled session is reset, so its leases are kept")
                    .isEqualTo(FakeLicmanServer.End.RESET);
            await("a resume on the new connection", () -> !server.frames(BodyCase.RESUME).isEmpty());
            ClientFrame resume = server.frames(BodyCase.RESUME).get(0);
            assertThat(resume.getResume().getLeases(0).getLeaseId()).isEqualTo(lease.id());
            assertThat(server.frames(BodyCase.CHECKOUT)).hasSize(1);
        }
    }

    private List<FakeLicmanServer.Received> awaitHeartbeatsWithBoth(Lease a, Lease b, int count) {
        await(count + " heartbeats carrying both leases", () -> withBoth(a, b).size() >= count);
        return withBoth(a, b);
    }

    private List<FakeLicmanServer.Received> withBoth(Lease a, Lease b) {
        return server.received().stream()
                .filter(r -> r.frame().hasHeartbeat() && r.frame().getHeartbeat().getLeasesCount() == 2)
                .filter(r -> r.frame().getHeartbeat().getLeasesList().stream().map(LeaseKey::getLeaseId).toList()
                        .containsAll(List.of(a.id(), b.id())))
                .toList();
    }
}
