package io.licman.client;

import static io.licman.client.Fixtures.ACME;
import static io.licman.client.Fixtures.WAIT;
import static io.licman.client.Fixtures.await;
import static io.licman.client.Fixtures.client;
import static org.assertj.core.api.Assertions.assertThat;

import io.licman.client.fake.FakeLicmanServer;
import io.licman.core.protocol.v1.ClientFrame.BodyCase;
import io.licman.core.protocol.v1.ErrorCode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A check-in that no server answered, because the connection dropped or the server died, is sent
 * again after the SDK reconnects, until a server answers: a released seat is not left held until
 * its TTL runs out.
 */
class CheckinAfterReconnectTest {

    private final FakeLicmanServer.LeaseBook cluster = new FakeLicmanServer.LeaseBook();
    private FakeLicmanServer lic1;
    private FakeLicmanServer lic2;

    @AfterEach
    void stopServers() {
        if (lic1 != null) {
            lic1.close();
        }
        if (lic2 != null) {
            lic2.close();
        }
    }

    @Test
    void leaseClosedWhileTheServerIsDownIsCheckedInWhenItIsBack() throws Exception {
        lic1 = FakeLicmanServer.start("lic1", ACME, cluster).heartbeatInterval(10_000);
        try (LicenseClient client = client(lic1).build()) {
            Lease lease = client.checkout("cad-pro", "");
            lic1.stop();
            lic1.awaitEnd(0, WAIT);
            long started = System.nanoTime();
            lease.close();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("close() does not wait for the server")
                    .isLessThan(Duration.ofSeconds(5));
            assertThat(client.leases()).isEmpty();
            assertThat(cluster.knows(lease.id())).as("nobody could check it in yet").isTrue();

            lic1.restart();
            await("the lease is checked in on the restarted server", () -> !cluster.knows(lease.id()));
            assertThat(lic1.frames(BodyCase.CHECKIN)).extracting(f -> f.getCheckin().getLeaseId()).contains(lease.id());
            assertThat(lic1.frames(BodyCase.RESUME)).as("a closed lease is not resumed")
                    .allSatisfy(f -> assertThat(ReconnectTest.ids(f.getResume().getLeasesList())).doesNotContain(lease.id()));
        }
    }

    @Test
    void checkinLeftUnansweredWhenTheConnectionDropsIsSentAgainOnTheNextSession() throws Exception {
        lic1 = FakeLicmanServer.start("lic1", ACME, cluster).heartbeatInterval(10_000);
        try (LicenseClient client = client(lic1).build()) {
            Lease lease = client.checkout("cad-pro", "");
            lic1.stall(true);
            lease.close();
            assertThat(lic1.frames(BodyCase.CHECKIN)).hasSize(1);
            assertThat(cluster.knows(lease.id())).as("the stalled server did not take the check-in").isTrue();

            lic1.stall(false);
            lic1.dropConnections();
            await("the lease is checked in on a new session", () -> !cluster.knows(lease.id()));
            List<FakeLicmanServer.Received> checkins = lic1.received().stream()
                    .filter(r -> r.frame().getBodyCase() == BodyCase.CHECKIN).toList();
            assertThat(checkins).extracting(r -> r.frame().getCheckin().getLeaseId()).containsExactly(lease.id(), lease.id());
            assertThat(checkins.get(1).session()).isGreaterThan(checkins.get(0).session());
            assertThat(lic1.frames(BodyCase.CHECKOUT)).hasSize(1);
        }
    }

    @Test
    void leaseClosedDuringAFailoverIsCheckedInOnTheNextServer() throws Exception {
        lic1 = FakeLicmanServer.start("lic1", ACME, cluster).heartbeatInterval(10_000);
        lic2 = FakeLicmanServer.start("lic2", ACME, cluster).heartbeatInterval(10_000);
        try (LicenseClient client = client(lic1, lic2).build()) {
            Lease held = client.checkout("cad-pro", "");
            Lease released = client.checkout("cad-pro", "");
            lic1.stall(true);
            released.close();
            lic1.stop();
            await("the released lease is checked in on lic2", () -> !cluster.knows(released.id()));
            assertThat(lic2.frames(BodyCase.CHECKIN)).extracting(f -> f.getCheckin().getLeaseId()).containsExactly(released.id());
            assertThat(lic2.awaitFrame(BodyCase.RESUME, WAIT).getResume().getLeasesList())
                    .extracting(key -> key.getLeaseId()).containsExactly(held.id());
            assertThat(held.isValid()).isTrue();
            assertThat(cluster.knows(held.id())).isTrue();
        }
    }

    @Test
    void checkinAnsweredNotLeaderIsTakenToTheLeader() throws Exception {
        lic1 = FakeLicmanServer.start("lic1", ACME, cluster).heartbeatInterval(10_000);
        lic2 = FakeLicmanServer.start("lic2", ACME, cluster).heartbeatInterval(10_000);
        try (LicenseClient client = client(lic1, lic2).build()) {
            Lease lease = client.checkout("cad-pro", "");
            lic1.enqueueCheckin(c -> FakeLicmanServer.error(ErrorCode.ERROR_CODE_NOT_LEADER, "lic2 leads",
                    lic2.endpoint().toString()));
            lease.close();
            await("the lease is checked in on the leader", () -> !cluster.knows(lease.id()));
            assertThat(lic2.frames(BodyCase.CHECKIN)).extracting(f -> f.getCheckin().getLeaseId()).containsExactly(lease.id());
        }
    }

    @Test
    void checkinRefusedByABusyServerIsSentAgainShortly() throws Exception {
        lic1 = FakeLicmanServer.start("lic1", ACME, cluster).heartbeatInterval(10_000);
        try (LicenseClient client = client(lic1).build()) {
            Lease lease = client.checkout("cad-pro", "");
            lic1.enqueueCheckin(c -> FakeLicmanServer.error(ErrorCode.ERROR_CODE_LIMIT_REACHED, "too many requests waiting"));
            lease.close();
            await("the lease is checked in after the refusal", () -> !cluster.knows(lease.id()));
            assertThat(lic1.frames(BodyCase.CHECKIN)).extracting(f -> f.getCheckin().getLeaseId()).containsExactly(lease.id(), lease.id());
        }
    }

    @Test
    void checkinTheServerNoLongerKnowsIsNotSentAgain() throws Exception {
        lic1 = FakeLicmanServer.start("lic1", ACME, cluster).heartbeatInterval(10_000);
        try (LicenseClient client = client(lic1).build()) {
            Lease lease = client.checkout("cad-pro", "");
            cluster.forget(lease.id());
            lease.close();
            assertThat(lic1.frames(BodyCase.CHECKIN)).hasSize(1);
            lic1.dropConnections();
            Lease next = client.checkout("cad-pro", "");
            next.close();
            assertThat(lic1.frames(BodyCase.CHECKIN)).extracting(f -> f.getCheckin().getLeaseId()).containsExactly(lease.id(), next.id());
        }
    }
}
