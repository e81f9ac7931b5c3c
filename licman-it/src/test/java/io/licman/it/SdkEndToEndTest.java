package io.licman.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.licman.client.CheckoutRequest;
import io.licman.client.DenialReason;
import io.licman.client.DiscoveredServer;
import io.licman.client.Discovery;
import io.licman.client.Lease;
import io.licman.client.LeaseListener;
import io.licman.client.LeaseLoss;
import io.licman.client.LicenseClient;
import io.licman.client.LicenseDeniedException;
import io.licman.core.protocol.v1.ClientFrame;
import io.licman.core.protocol.v1.RemoveRequest;
import io.licman.core.protocol.v1.StatusReply;
import io.licman.core.protocol.v1.StatusRequest;
import io.licman.it.support.FaultyProxy;
import io.licman.server.ledger.LeaseId;
import io.licman.server.session.Session;
import io.licman.server.testing.TestServer;
import io.licman.server.testing.WireClient;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The real SDK against a real server on loopback. */
@Timeout(60)
class SdkEndToEndTest {

    @TempDir
    Path dir;
    TestServer server;
    final BlockingQueue<String> events = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(dir, TestServer.feature("cad-pro", 3).build());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private LicenseClient client(String user, int port) {
        return LicenseClient.builder().servers(port + "@127.0.0.1").vendorKey(TestServer.VENDOR_KEY.publicKey()).user(user).host(user + "-ws")
                .listener(new LeaseListener() {
                    @Override
                    public void leaseLost(Lease lease, LeaseLoss loss) {
                        events.add(user + " lost " + lease.id());
                    }

                    @Override
                    public void leaseRegained(Lease lease) {
                        events.add(user + " regained " + lease.id());
                    }

                    @Override
                    public void leaseRevoked(Lease lease, LeaseLoss loss) {
                        events.add(user + " revoked " + lease.id());
                    }
                }).build();
    }

    @Test
    void threeSeatsAreGrantedAndTheFourthIsDeniedWithItsHolders() throws Exception {
        try (LicenseClient alice = client("alice", server.port()); LicenseClient bob = client("bob", server.port())) {
            alice.checkout("cad-pro", "2.0");
            alice.checkout("cad-pro", "2.0");
            Lease bobs = bob.checkout("cad-pro", "1.0");

            LicenseDeniedException denied = catchThrowableOfType(LicenseDeniedException.class, () -> bob.checkout("cad-pro", "2.0"));

            assertThat(bobs.isValid()).isTrue();
            assertThat(bobs.licenseBlock().name()).isEqualTo("cad-pro");
            assertThat(denied.reason()).isEqualTo(DenialReason.ALL_SEATS_IN_USE);
            assertThat(denied.getMessage()).contains("cad-pro");
        }
    }

    @Test
    void versionTooLowIsTheDenialReasonForANewerVersion() throws Exception {
        try (LicenseClient alice = client("alice", server.port())) {
            LicenseDeniedException denied = catchThrowableOfType(LicenseDeniedException.class, () -> alice.checkout("cad-pro", "3.0"));

            assertThat(denied.reason()).isEqualTo(DenialReason.VERSION_TOO_LOW);
        }
    }

    @Test
    void queuedCheckoutIsGrantedWhenASeatIsReturned() throws Exception {
        try (LicenseClient alice = client("alice", server.port()); LicenseClient bob = client("bob", server.port())) {
            Lease first = alice.checkout("cad-pro", "2.0");
            alice.checkout("cad-pro", "2.0");
            alice.checkout("cad-pro", "2.0");
            CompletableFuture<Lease> waiting = bob.checkoutAsync(CheckoutRequest.builder("cad-pro").waitInQueue(Duration.ofSeconds(20)).build());

            awaitQueued();
            first.close();

            assertThat(waiting.get(10, TimeUnit.SECONDS).isValid()).isTrue();
        }
    }

    @Test
    void administratorRemovalRevokesTheLeaseInTheApplication() throws Exception {
        try (LicenseClient alice = client("alice", server.port());
             WireClient admin = WireClient.connect(server.port(), "root", "srv", server.adminToken())) {
            Lease lease = alice.checkout("cad-pro", "2.0");

            admin.call(ClientFrame.newBuilder().setRemoveRequest(RemoveRequest.newBuilder().setUser("alice")));

            assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("alice revoked " + lease.id());
            assertThat(lease.isValid()).isFalse();
        }
    }

    @Test
    void droppedConnectionResumesTheSameLeaseWithoutASecondSeat() throws Exception {
        try (FaultyProxy proxy = new FaultyProxy(server.port()); LicenseClient alice = client("alice", proxy.port())) {
            Lease lease = alice.checkout("cad-pro", "2.0");
            Session before = sessionOf("alice");

            proxy.resetAll();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!resumedInANewSession(before, lease.id())) {
                assertThat(System.nanoTime()).as("the client resumed its lease on a new connection").isLessThan(deadline);
                Thread.onSpinWait();
            }
            StatusReply status = status();

            assertThat(status.getLeasesList()).singleElement().satisfies(l -> assertThat(l.getLeaseId()).isEqualTo(lease.id()));
            assertThat(status.getFeatures(0).getPools(0).getUsed()).isEqualTo(1);
            assertThat(lease.isValid()).isTrue();
            alice.checkout("cad-pro", "2.0");
            assertThat(status().getFeatures(0).getPools(0).getUsed()).isEqualTo(2);
        }
    }

    @Test
    void udpDiscoveryFindsTheServerAndItsFeatures() throws Exception {
        List<DiscoveredServer> found = Discovery.builder().port(server.port())
                .targets(List.of(new InetSocketAddress("127.0.0.1", server.port()))).timeout(Duration.ofSeconds(2)).build().discover();

        assertThat(found).singleElement().satisfies(s -> {
            assertThat(s.serverId()).isEqualTo("test");
            assertThat(s.features()).anySatisfy(f -> assertThat(f.name()).isEqualTo("cad-pro"));
        });
    }

    private Session sessionOf(String user) {
        return server.server().sessions().sessions().stream().filter(s -> s.identity().user().equals(user)).findFirst().orElseThrow();
    }

    private boolean resumedInANewSession(Session before, long leaseId) {
        return server.server().sessions().sessions().stream().anyMatch(s -> s != before && s.identity().user().equals("alice")
                && s.leaseSecret(new LeaseId(leaseId)).isPresent());
    }

    private void awaitQueued() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (status().getQueueCount() == 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("bob never got into the queue");
            }
            Thread.onSpinWait();
        }
    }

    private StatusReply status() throws Exception {
        try (WireClient admin = WireClient.connect(server.port(), "root", "srv", server.adminToken())) {
            return admin.call(ClientFrame.newBuilder().setStatusRequest(StatusRequest.getDefaultInstance())).getStatusReply();
        }
    }
}
