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
import io.licman.core.protocol.v1.ErrorCode;
import io.licman.core.protocol.v1.LeaseKey;
import io.licman.core.protocol.v1.RedirectPush;
import io.licman.core.protocol.v1.ServerFrame;
import io.licman.core.protocol.v1.ServerRole;
import io.licman.core.protocol.v1.ShutdownPush;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReconnectTest {

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

    private void startCluster() throws Exception {
        lic1 = FakeLicmanServer.start("lic1", ACME, cluster).heartbeatInterval(10_000);
        lic2 = FakeLicmanServer.start("lic2", ACME, cluster).heartbeatInterval(10_000);
    }

    @Test
    void droppedConnectionResumesTheSameLeaseOnTheNextServerWithoutASecondCheckout() throws Exception {
        startCluster();
        RecordingListener listener = new RecordingListener();
        try (LicenseClient client = client(lic1, lic2).listener(listener).build();
             Lease lease = client.checkout("cad-pro", "2.0")) {
            ClientFrame hello1 = lic1.awaitFrame(BodyCase.HELLO, WAIT);
            LeaseKey key = LeaseKey.newBuilder().setLeaseId(lease.id()).setSecret(cluster.secret(lease.id())).build();

            lic1.stop();
            ClientFrame resume = lic2.awaitFrame(BodyCase.RESUME, WAIT);

            assertThat(resume.getResume().getLeasesList()).containsExactly(key);
            assertThat(lic2.awaitFrame(BodyCase.HELLO, WAIT).getHello().getClient().getClientId())
                    .isEqualTo(hello1.getHello().getClient().getClientId());
            assertThat(lic2.frames(BodyCase.CHECKOUT)).isEmpty();
            assertThat(lic1.frames(BodyCase.CHECKOUT)).hasSize(1);
            assertThat(client.leases()).containsExactly(lease);
            assertThat(lease.isValid()).isTrue();
            await("the listener hears of the new server", () -> listener.events().size() == 2);
            assertThat(listener.events()).containsExactly("server " + lic1.endpoint(), "server " + lic2.endpoint());
        }
        assertThat(lic2.frames(BodyCase.CHECKIN)).hasSize(1);
    }

    @Test
    void serverRestartOnTheSamePortResumesTheLeaseThereWithoutAnyEvent() throws Exception {
        startCluster();
        RecordingListener listener = new RecordingListener();
        try (LicenseClient client = client(lic1).listener(listener).build(); Lease lease = client.checkout("cad-pro", "")) {
            lic1.restart();
            await("the lease is resumed", () -> !lic1.frames(BodyCase.RESUME).isEmpty());
            assertThat(lic1.frames(BodyCase.RESUME).get(0).getResume().getLeases(0).getLeaseId()).isEqualTo(lease.id());
            assertThat(lic1.frames(BodyCase.CHECKOUT)).hasSize(1);
            assertThat(lic1.sessionCount()).isEqualTo(2);
            assertThat(lease.isValid()).isTrue();
            assertThat(listener.events()).containsExactly("server " + lic1.endpoint());
        }
    }

    @Test
    void leaseOverdueWhileDisconnectedIsLostThenRegainedByTheResume() throws Exception {
        startCluster();
        MutableTicker ticker = new MutableTicker();
        RecordingListener listener = new RecordingListener();
        try (LicenseClient client = client(lic1).listener(listener).ticker(ticker).build();
             Lease lease = client.checkout("cad-pro", "")) {
            Instant deadline = lease.expiresAt();
            lic1.stop();
            ticker.advance(Duration.ofSeconds(6));
            await("the overdue lease is lost", () -> listener.events().contains("lost " + lease.id() + " CONNECTION_LOST"));
            assertThat(lease.isValid()).isFalse();
            assertThat(lease.loss()).hasValueSatisfying(loss -> assertThat(loss.isPermanent()).isFalse());
            assertThat(client.leases()).containsExactly(lease);

            lic1.restart();
            await("the lease is regained", () -> listener.events().contains("regained " + lease.id()));
            assertThat(lease.isValid()).isTrue();
            assertThat(lease.loss()).isEmpty();
            assertThat(lease.expiresAt()).isAfter(deadline);
            assertThat(listener.events()).containsExactly("server " + lic1.endpoint(),
                    "lost " + lease.id() + " CONNECTION_LOST", "regained " + lease.id());
            assertThat(lic1.frames(BodyCase.CHECKOUT)).hasSize(1);
        }
    }

    @Test
    void leaseTheServerNoLongerKnowsAfterAReconnectIsLostForGood() throws Exception {
        startCluster();
        RecordingListener listener = new RecordingListener();
        try (LicenseClient client = client(lic1, lic2).listener(listener).build()) {
            Lease lease = client.checkout("cad-pro", "");
            cluster.forget(lease.id());
            lic1.stop();
            await("the lease is lost", () -> listener.events().contains("lost " + lease.id() + " UNKNOWN_LEASE"));
            assertThat(lease.isValid()).isFalse();
            assertThat(client.leases()).isEmpty();
            assertThat(lic2.frames(BodyCase.CHECKOUT)).isEmpty();
            lease.close();
            assertThat(lic2.frames(BodyCase.CHECKIN)).isEmpty();
        }
    }

    @Test
    void checkoutAfterTheServerDroppedTheIdleConnectionReconnects() throws Exception {
        startCluster();
        try (LicenseClient client = client(lic1).build()) {
            client.checkout("cad-pro", "").close();
            lic1.dropConnections();
            try (Lease lease = client.checkout("cad-pro", "")) {
                assertThat(lease.isValid()).isTrue();
            }
            assertThat(lic1.sessionCount()).isEqualTo(2);
        }
    }

    @Test
    void garbageFromTheServerEndsTheSessionAndTheLeaseIsResumedOnANewOne() throws Exception {
        startCluster();
        try (LicenseClient client = client(lic1).build(); Lease lease = client.checkout("cad-pro", "")) {
            lic1.sendGarbage();
            await("the lease is resumed", () -> !lic1.frames(BodyCase.RESUME).isEmpty());
            assertThat(lic1.sessionCount()).isEqualTo(2);
            assertThat(lease.isValid()).isTrue();
        }
    }

    @Test
    void shutdownPushMakesTheClientWaitTheHintedDelayBeforeComingBack() throws Exception {
        startCluster();
        try (LicenseClient client = client(lic1).build(); Lease lease = client.checkout("cad-pro", "")) {
            long pushed = System.nanoTime();
            lic1.push(ServerFrame.newBuilder().setShutdownPush(ShutdownPush.newBuilder()
                    .setReason("upgrade").setReconnectAfterMs(300)));
            await("the client comes back", () -> lic1.sessionCount() == 2);
            assertThat(Duration.ofNanos(System.nanoTime() - pushed)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
            lic1.awaitFrame(BodyCase.RESUME, WAIT);
            assertThat(lease.isValid()).isTrue();
        }
    }

    @Test
    void redirectPushMovesTheSessionToTheLeaderAndResumesThere() throws Exception {
        startCluster();
        RecordingListener listener = new RecordingListener();
        try (LicenseClient client = client(lic1).listener(listener).build(); Lease lease = client.checkout("cad-pro", "")) {
            lic1.push(ServerFrame.newBuilder().setRedirectPush(RedirectPush.newBuilder()
                    .addLeaderEndpoints(lic2.endpoint().toString())));
            ClientFrame resume = lic2.awaitFrame(BodyCase.RESUME, WAIT);
            assertThat(resume.getResume().getLeases(0).getLeaseId()).isEqualTo(lease.id());
            assertThat(lic1.awaitEnd(0, WAIT)).as("the old session must not release the lease")
                    .isEqualTo(FakeLicmanServer.End.RESET);
            await("the listener hears", () -> listener.events().contains("server " + lic2.endpoint()));
            assertThat(lease.isValid()).isTrue();
        }
    }

    @Test
    void notLeaderErrorOnACheckoutIsFollowedToTheLeader() throws Exception {
        startCluster();
        lic1.enqueueCheckout(c -> FakeLicmanServer.error(ErrorCode.ERROR_CODE_NOT_LEADER, "lic2 leads",
                lic2.endpoint().toString()));
        try (LicenseClient client = client(lic1).build(); Lease lease = client.checkout("cad-pro", "")) {
            assertThat(lic2.frames(BodyCase.CHECKOUT)).hasSize(1);
            assertThat(lease.isValid()).isTrue();
        }
    }

    @Test
    void shuttingDownErrorOnACheckoutMovesItToTheNextServer() throws Exception {
        startCluster();
        lic1.enqueueCheckout(c -> {
            var error = FakeLicmanServer.error(ErrorCode.ERROR_CODE_SHUTTING_DOWN, "stopping");
            error.getErrorBuilder().setRetryAfterMs(5_000);
            return error;
        });
        try (LicenseClient client = client(lic1, lic2).build(); Lease lease = client.checkout("cad-pro", "")) {
            assertThat(lic2.frames(BodyCase.CHECKOUT)).hasSize(1);
            assertThat(lease.isValid()).isTrue();
        }
    }

    @Test
    void followerWelcomeSendsTheClientToTheLeaderItNames() throws Exception {
        startCluster();
        lic1.answerHello(hello -> {
            ServerFrame.Builder welcome = lic1.welcome();
            welcome.getWelcomeBuilder().setRole(ServerRole.SERVER_ROLE_FOLLOWER).setLeaderEndpoint(lic2.endpoint().toString());
            return welcome;
        });
        try (LicenseClient client = client(lic1).build(); Lease lease = client.checkout("cad-pro", "")) {
            assertThat(lic1.frames(BodyCase.CHECKOUT)).isEmpty();
            assertThat(lic2.frames(BodyCase.CHECKOUT)).hasSize(1);
            assertThat(lease.isValid()).isTrue();
        }
    }

    /** A monotonic clock a test moves by hand; it also follows real time. */
    static final class MutableTicker implements java.util.function.LongSupplier {
        private final AtomicLong offset = new AtomicLong();

        void advance(Duration by) {
            offset.addAndGet(by.toNanos());
        }

        @Override
        public long getAsLong() {
            return System.nanoTime() + offset.get();
        }
    }

    static List<Long> ids(List<LeaseKey> keys) {
        return keys.stream().map(LeaseKey::getLeaseId).toList();
    }
}
