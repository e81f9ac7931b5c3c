package io.licman.client;

import static io.licman.client.Fixtures.ACME;
import static io.licman.client.Fixtures.WAIT;
import static io.licman.client.Fixtures.await;
import static io.licman.client.Fixtures.client;
import static org.assertj.core.api.Assertions.assertThat;

import io.licman.client.Fixtures.RecordingListener;
import io.licman.client.fake.FakeLicmanServer;
import io.licman.core.protocol.Endpoint;
import io.licman.core.protocol.v1.ClientFrame;
import io.licman.core.protocol.v1.ClientFrame.BodyCase;
import io.licman.core.protocol.v1.LeaseLossReason;
import io.licman.core.protocol.v1.ErrorCode;
import io.licman.core.protocol.v1.LeaseRevokedPush;
import io.licman.core.protocol.v1.ServerFrame;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LeaseEventsTest {

    private FakeLicmanServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = FakeLicmanServer.start("lic1", ACME).heartbeatInterval(10_000);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void revokePushInvalidatesTheLeaseAndTellsTheListenerWithTheServersMessage() throws Exception {
        RecordingListener listener = new RecordingListener();
        try (LicenseClient client = client(server).listener(listener).build();
             Lease lease = client.checkout("cad-pro", "");
             Lease other = client.checkout("viewer", "")) {
            server.push(ServerFrame.newBuilder().setLeaseRevokedPush(LeaseRevokedPush.newBuilder()
                    .setLeaseId(lease.id())
                    .setReason(LeaseLossReason.LEASE_LOSS_REASON_ADMIN_REMOVED)
                    .setMessage("removed by admin bob")));
            await("the revoke is heard", () -> listener.events().contains(
                    "revoked " + lease.id() + " ADMIN_REMOVED removed by admin bob"));
            assertThat(lease.isValid()).isFalse();
            assertThat(lease.loss()).hasValueSatisfying(loss -> assertThat(loss.isPermanent()).isTrue());
            assertThat(other.isValid()).isTrue();
            assertThat(client.leases()).containsExactly(other);
        }
        assertThat(server.frames(BodyCase.CHECKIN)).extracting(f -> f.getCheckin().getLeaseId()).hasSize(1);
    }

    @Test
    void closingTheClientChecksInEveryLeaseTheApplicationLeftOpen() throws Exception {
        LicenseClient client = client(server).build();
        Lease a = client.checkout("cad-pro", "");
        Lease b = client.checkout("viewer", "");
        Lease c = client.checkout("sim-max", "");
        c.close();
        client.close();
        List<Long> checkedIn = server.frames(BodyCase.CHECKIN).stream().map(f -> f.getCheckin().getLeaseId()).toList();
        assertThat(checkedIn).containsExactlyInAnyOrder(a.id(), b.id(), c.id());
        assertThat(server.leases().ids()).isEmpty();
        assertThat(server.awaitEnd(0, WAIT)).isEqualTo(FakeLicmanServer.End.CLEAN);
        assertThat(a.isValid()).isFalse();
        a.close();
        assertThat(server.frames(BodyCase.CHECKIN)).hasSize(3);
        await("the SDK's threads stop", () -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.isAlive() && t.getName().contains(server.endpoint().toString())));
    }

    @Test
    void closingWhileDisconnectedStillChecksTheLeasesInOverAShortConnection() throws Exception {
        LicenseClient client = client(server).reconnectBackoff(Duration.ofMillis(1500), Duration.ofMillis(1500)).build();
        Lease lease = client.checkout("cad-pro", "");
        server.answerHello(hello -> FakeLicmanServer.error(ErrorCode.ERROR_CODE_LIMIT_REACHED, "full"));
        server.dropConnections();
        server.awaitFrames(BodyCase.HELLO, 2, WAIT);
        server.answerHello(null);
        client.close();
        assertThat(server.frames(BodyCase.RESUME)).isEmpty();
        assertThat(server.frames(BodyCase.CHECKIN)).extracting(f -> f.getCheckin().getLeaseId()).containsExactly(lease.id());
        assertThat(server.leases().knows(lease.id())).isFalse();
    }

    @Test
    void closeDoesNotWaitLongForAServerThatNeverConfirms() throws Exception {
        LicenseClient client = client(server).build();
        client.checkout("cad-pro", "");
        server.stall(true);
        long start = System.nanoTime();
        client.close();
        assertThat((System.nanoTime() - start) / 1_000_000).as("close() is bounded by its 2 s close timeout").isLessThan(8_000);
        server.awaitFrame(BodyCase.CHECKIN, WAIT);
    }

    @Test
    void throwingListenerNeverBreaksTheSdk() throws Exception {
        RecordingListener recorder = new RecordingListener();
        LeaseListener throwing = new LeaseListener() {
            @Override
            public void serverChanged(Endpoint endpoint) {
                recorder.serverChanged(endpoint);
                throw new IllegalStateException("listener bug");
            }

            @Override
            public void leaseRevoked(Lease lease, LeaseLoss loss) {
                recorder.leaseRevoked(lease, loss);
                throw new OutOfMemoryError("pretend");
            }
        };
        try (LicenseClient client = client(server).listener(throwing).build(); Lease lease = client.checkout("cad-pro", "")) {
            server.push(ServerFrame.newBuilder().setLeaseRevokedPush(LeaseRevokedPush.newBuilder().setLeaseId(lease.id())));
            await("both events are delivered", () -> recorder.events().size() == 2);
            try (Lease next = client.checkout("viewer", "")) {
                assertThat(next.isValid()).isTrue();
            }
        }
    }

    @Test
    void leaseCloseIsIdempotentAndSendsOneCheckin() throws Exception {
        try (LicenseClient client = client(server).build()) {
            Lease lease = client.checkout("cad-pro", "");
            var secret = server.leases().secret(lease.id());
            lease.close();
            lease.close();
            ClientFrame checkin = server.awaitFrame(BodyCase.CHECKIN, WAIT);
            assertThat(checkin.getCheckin().getLeaseId()).isEqualTo(lease.id());
            assertThat(checkin.getCheckin().getSecret()).isEqualTo(secret);
        }
        assertThat(server.frames(BodyCase.CHECKIN)).hasSize(1);
    }
}
