package io.licman.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.licman.core.protocol.v1.Checkout;
import io.licman.core.protocol.v1.ClientFrame;
import io.licman.core.protocol.v1.DenialReason;
import io.licman.core.protocol.v1.ErrorCode;
import io.licman.core.protocol.v1.Granted;
import io.licman.core.protocol.v1.Heartbeat;
import io.licman.core.protocol.v1.LeaseKey;
import io.licman.core.protocol.v1.LeaseLossReason;
import io.licman.core.protocol.v1.Ping;
import io.licman.core.protocol.v1.RemoveRequest;
import io.licman.core.protocol.v1.Resume;
import io.licman.core.protocol.v1.ServerFrame;
import io.licman.core.protocol.v1.StatusRequest;
import io.licman.server.testing.TestServer;
import io.licman.server.testing.WireClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class ServerSessionTest {

    @TempDir
    Path dir;
    TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(dir, TestServer.feature("cad-pro", 3).build());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void fourthCheckoutOfThreeSeatsIsDeniedWithHolders() throws Exception {
        try (WireClient a = WireClient.connect(server.port(), "alice", "ws1", null);
             WireClient b = WireClient.connect(server.port(), "bob", "ws2", null)) {
            a.checkout("cad-pro");
            a.checkout("cad-pro");
            b.checkout("cad-pro");

            ServerFrame fourth = b.call(ClientFrame.newBuilder().setCheckout(Checkout.newBuilder().setVendor("acme").setFeature("cad-pro")));

            assertThat(fourth.hasDenied()).as(fourth.toString()).isTrue();
            assertThat(fourth.getDenied().getReason()).isEqualTo(DenialReason.DENIAL_REASON_ALL_SEATS_IN_USE);
            assertThat(fourth.getDenied().getMessage()).isNotBlank();
        }
    }

    @Test
    void grantCarriesTheSignedBlockAndASecret() throws Exception {
        try (WireClient a = WireClient.connect(server.port(), "alice", "ws1", null)) {
            Granted granted = a.checkout("cad-pro");

            assertThat(granted.getLeaseSecret().size()).isEqualTo(16);
            assertThat(granted.getLicenseTextList()).singleElement().asString().contains("feature cad-pro {").contains("signature");
            assertThat(granted.getHeartbeatIntervalMs()).isEqualTo(10_000);
            assertThat(granted.getExpiresAtEpochMs()).isGreaterThan(System.currentTimeMillis());
        }
    }

    @Test
    void cleanCloseReturnsTheSeatsAtOnce() throws Exception {
        try (WireClient a = WireClient.connect(server.port(), "alice", "ws1", null)) {
            a.checkout("cad-pro");
            a.checkout("cad-pro");
            a.checkout("cad-pro");
        }
        try (WireClient b = WireClient.connect(server.port(), "bob", "ws2", null)) {
            awaitGrant(b);
        }
    }

    @Test
    void droppedConnectionKeepsTheLeaseForResumeWithoutASecondSeat() throws Exception {
        byte[] clientId = "resume-client-01".getBytes();
        WireClient first = WireClient.connect(server.port(), "alice", "ws1", null, clientId);
        Granted lease = first.checkout("cad-pro");
        first.abort();

        try (WireClient again = WireClient.connect(server.port(), "alice", "ws1", null, clientId)) {
            ServerFrame resumed = again.call(ClientFrame.newBuilder().setResume(Resume.newBuilder()
                    .addLeases(LeaseKey.newBuilder().setLeaseId(lease.getLeaseId()).setSecret(lease.getLeaseSecret()))));
            ServerFrame status = adminStatus();

            assertThat(resumed.getResumed().getLeases(0).getOk()).as(resumed.toString()).isTrue();
            assertThat(status.getStatusReply().getLeasesList()).hasSize(1);
            assertThat(status.getStatusReply().getFeatures(0).getPools(0).getUsed()).isEqualTo(1);
        }
    }

    @Test
    void resumeWithTheWrongSecretIsRefused() throws Exception {
        try (WireClient a = WireClient.connect(server.port(), "alice", "ws1", null);
             WireClient thief = WireClient.connect(server.port(), "mallory", "ws9", null)) {
            Granted lease = a.checkout("cad-pro");

            ServerFrame resumed = thief.call(ClientFrame.newBuilder().setResume(Resume.newBuilder()
                    .addLeases(LeaseKey.newBuilder().setLeaseId(lease.getLeaseId()).setSecret(com.google.protobuf.ByteString.copyFrom(new byte[16])))));

            assertThat(resumed.getResumed().getLeases(0).getOk()).isFalse();
            assertThat(resumed.getResumed().getLeases(0).getLostReason()).isEqualTo(LeaseLossReason.LEASE_LOSS_REASON_BAD_SECRET);
        }
    }

    @Test
    void heartbeatRenewsHeldLeasesAndReportsForeignOnes() throws Exception {
        try (WireClient a = WireClient.connect(server.port(), "alice", "ws1", null)) {
            Granted lease = a.checkout("cad-pro");

            ServerFrame ack = a.call(ClientFrame.newBuilder().setHeartbeat(Heartbeat.newBuilder()
                    .addLeases(LeaseKey.newBuilder().setLeaseId(lease.getLeaseId()).setSecret(lease.getLeaseSecret()))
                    .addLeases(LeaseKey.newBuilder().setLeaseId(12345).setSecret(lease.getLeaseSecret()))));

            assertThat(ack.getHeartbeatAck().getLeases(0).getOk()).isTrue();
            assertThat(ack.getHeartbeatAck().getLeases(1).getOk()).isFalse();
            assertThat(ack.getHeartbeatAck().getLeases(1).getLostReason()).isEqualTo(LeaseLossReason.LEASE_LOSS_REASON_NOT_IN_SESSION);
        }
    }

    @Test
    void adminRemovePushesRevocationToTheHolder() throws Exception {
        try (WireClient a = WireClient.connect(server.port(), "alice", "ws1", null);
             WireClient admin = WireClient.connect(server.port(), "root", "server", server.adminToken())) {
            Granted lease = a.checkout("cad-pro");

            ServerFrame removed = admin.call(ClientFrame.newBuilder().setRemoveRequest(RemoveRequest.newBuilder().setUser("alice")));
            ServerFrame push = a.read();

            assertThat(removed.getRemoveReply().getRemoved()).isEqualTo(1);
            assertThat(push.getLeaseRevokedPush().getLeaseId()).isEqualTo(lease.getLeaseId());
            assertThat(push.getLeaseRevokedPush().getReason()).isEqualTo(LeaseLossReason.LEASE_LOSS_REASON_ADMIN_REMOVED);
        }
    }

    @Test
    void removeWithABadFeatureNameIsAnInvalidRequestAndTheSessionGoesOn() throws Exception {
        try (WireClient admin = WireClient.connect(server.port(), "root", "server", server.adminToken())) {
            ServerFrame refused = admin.call(ClientFrame.newBuilder().setRemoveRequest(RemoveRequest.newBuilder().setUser("alice")
                    .setFeature("no such feature!")));
            ServerFrame pong = admin.call(ClientFrame.newBuilder().setPing(Ping.getDefaultInstance()));

            assertThat(refused.getError().getCode()).isEqualTo(ErrorCode.ERROR_CODE_INVALID_REQUEST);
            assertThat(refused.getError().getMessage()).contains("not a feature name");
            assertThat(pong.hasPong()).isTrue();
        }
    }

    @Test
    void adminRequestWithoutTokenIsForbiddenAndTheSessionGoesOn() throws Exception {
        try (WireClient a = WireClient.connect(server.port(), "alice", "ws1", null)) {
            ServerFrame refused = a.call(ClientFrame.newBuilder().setStatusRequest(StatusRequest.getDefaultInstance()));
            ServerFrame pong = a.call(ClientFrame.newBuilder().setPing(Ping.getDefaultInstance()));

            assertThat(refused.getError().getCode()).isEqualTo(ErrorCode.ERROR_CODE_FORBIDDEN);
            assertThat(refused.getError().getMessage()).contains("admin token");
            assertThat(pong.hasPong()).isTrue();
        }
    }

    @Test
    void wrongAdminTokenClosesTheConnection() throws Exception {
        assertThat(org.assertj.core.api.Assertions.catchThrowable(
                () -> WireClient.connect(server.port(), "root", "server", "lm_admin_wrong"))).hasMessageContaining("NOT_AUTHENTICATED");
    }

    @Test
    void healthAndMetricsAnswerOverHttpOnTheSamePort() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        try (WireClient a = WireClient.connect(server.port(), "alice", "ws1", null)) {
            a.checkout("cad-pro");
        }
        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"ok\"");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("licman_checkouts_granted_total 1.0").contains("jvm_memory_used_bytes");
    }

    private ServerFrame adminStatus() throws Exception {
        try (WireClient admin = WireClient.connect(server.port(), "root", "server", server.adminToken())) {
            return admin.call(ClientFrame.newBuilder().setStatusRequest(StatusRequest.getDefaultInstance()));
        }
    }

    /** The clean close is processed asynchronously: poll until the seat is back. */
    private static void awaitGrant(WireClient client) throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (true) {
            ServerFrame reply = client.call(ClientFrame.newBuilder().setCheckout(Checkout.newBuilder().setVendor("acme").setFeature("cad-pro")));
            if (reply.hasGranted()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the seats did not come back: " + reply);
            }
            Thread.onSpinWait();
        }
    }
}
