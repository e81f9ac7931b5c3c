package io.licman.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.licman.core.protocol.v1.Checkout;
import io.licman.core.protocol.v1.ClientFrame;
import io.licman.core.protocol.v1.DenialReason;
import io.licman.core.protocol.v1.Granted;
import io.licman.core.protocol.v1.Heartbeat;
import io.licman.core.protocol.v1.LeaseKey;
import io.licman.core.protocol.v1.ReloadReply;
import io.licman.core.protocol.v1.ReloadRequest;
import io.licman.core.protocol.v1.ServerFrame;
import io.licman.server.testing.TestServer;
import io.licman.server.testing.WireClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class QueueAndReloadTest {

    @TempDir
    Path dir;
    TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(dir, TestServer.feature("cad-pro", 1).build());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void queuedCheckoutIsGrantedByAPushWhenTheSeatIsReturned() throws Exception {
        try (WireClient alice = WireClient.connect(server.port(), "alice", "ws1", null);
             WireClient bob = WireClient.connect(server.port(), "bob", "ws2", null)) {
            Granted held = alice.checkout("cad-pro");
            ServerFrame queued = bob.call(queueFor("cad-pro", 0));

            alice.checkin(held);
            ServerFrame push = bob.read();

            assertThat(queued.getQueued().getPosition()).isEqualTo(1);
            assertThat(push.hasQueueGrantedPush()).as(push.toString()).isTrue();
            assertThat(push.getQueueGrantedPush().getTicketId()).isEqualTo(queued.getQueued().getTicketId());
            assertThat(push.getQueueGrantedPush().getGranted().getLeaseSecret().size()).isEqualTo(16);
        }
    }

    @Test
    void heartbeatSentRightAfterTheGrantingCheckinNeverReportsTheTicketGoneBeforeThePushThatGrantsIt() throws Exception {
        // One connection: the check-in that frees the seat and a heartbeat listing the queued ticket
        // arrive in one TCP segment, so the server reads both before it writes anything.
        try (WireClient alice = WireClient.connect(server.port(), "alice", "ws1", null)) {
            Granted held = alice.checkout("cad-pro");
            long ticket = alice.call(queueFor("cad-pro", 0)).getQueued().getTicketId();
            io.licman.core.protocol.FrameEncoder encoder = new io.licman.core.protocol.FrameEncoder();
            byte[] checkin = encoder.encode(ClientFrame.newBuilder().setRequestId(900).setCheckin(io.licman.core.protocol.v1.Checkin
                    .newBuilder().setLeaseId(held.getLeaseId()).setSecret(held.getLeaseSecret())).build());
            byte[] heartbeat = encoder.encode(ClientFrame.newBuilder().setRequestId(901)
                    .setHeartbeat(Heartbeat.newBuilder().addQueueTickets(ticket)).build());
            byte[] both = java.util.Arrays.copyOf(checkin, checkin.length + heartbeat.length);
            System.arraycopy(heartbeat, 0, both, checkin.length, heartbeat.length);

            alice.sendRaw(both);
            List<String> order = new java.util.ArrayList<>();
            while (order.size() < 3) {
                ServerFrame frame = alice.read();
                if (frame.hasHeartbeatAck()) {
                    order.add("ack queued=" + frame.getHeartbeatAck().getTickets(0).getQueued());
                } else if (frame.hasQueueGrantedPush()) {
                    order.add("granted " + (frame.getQueueGrantedPush().getTicketId() == ticket));
                } else if (frame.hasCheckedIn()) {
                    order.add("checked in");
                }
            }

            assertThat(order).as("frames in the order they arrived").containsExactlyInAnyOrder("checked in", "granted true", "ack queued=false");
            assertThat(order.indexOf("granted true")).as("%s", order).isLessThan(order.indexOf("ack queued=false"));
        }
    }

    @Test
    void queuedCheckoutThatWaitsTooLongIsDeniedByAPush() throws Exception {
        try (WireClient alice = WireClient.connect(server.port(), "alice", "ws1", null);
             WireClient bob = WireClient.connect(server.port(), "bob", "ws2", null)) {
            alice.checkout("cad-pro");
            bob.call(queueFor("cad-pro", 200));

            ServerFrame push = bob.read();

            assertThat(push.getQueueDeniedPush().getDenied().getReason()).isEqualTo(DenialReason.DENIAL_REASON_QUEUE_TIMEOUT);
        }
    }

    @Test
    void reloadAddsSeatsWithoutDroppingAnySession() throws Exception {
        try (WireClient alice = WireClient.connect(server.port(), "alice", "ws1", null);
             WireClient admin = WireClient.connect(server.port(), "root", "srv", server.adminToken())) {
            Granted held = alice.checkout("cad-pro");
            TestServer.writeLicense(server.licenseFile(), List.of(TestServer.feature("cad-pro", 1).build(),
                    TestServer.feature("cad-pro", 4).serial("more").build()));

            ReloadReply reply = admin.call(ClientFrame.newBuilder().setReloadRequest(ReloadRequest.getDefaultInstance())).getReloadReply();
            ServerFrame ack = alice.call(ClientFrame.newBuilder().setHeartbeat(Heartbeat.newBuilder()
                    .addLeases(LeaseKey.newBuilder().setLeaseId(held.getLeaseId()).setSecret(held.getLeaseSecret()))));

            assertThat(reply.getApplied()).isTrue();
            assertThat(ack.getHeartbeatAck().getLeases(0).getOk()).isTrue();
            for (int i = 0; i < 4; i++) {
                alice.checkout("cad-pro");
            }
        }
    }

    @Test
    void reloadOfATamperedLicenseIsRefusedAndTheOldOneKeepsServing() throws Exception {
        try (WireClient admin = WireClient.connect(server.port(), "root", "srv", server.adminToken());
             WireClient alice = WireClient.connect(server.port(), "alice", "ws1", null)) {
            Files.writeString(server.licenseFile(), Files.readString(server.licenseFile()).replace("count          1", "count          99"));

            ReloadReply reply = admin.call(ClientFrame.newBuilder().setReloadRequest(ReloadRequest.getDefaultInstance())).getReloadReply();

            assertThat(reply.getApplied()).isFalse();
            assertThat(reply.getFilesList()).anySatisfy(f -> assertThat(f.getProblemsList()).anySatisfy(p ->
                    assertThat(p.getMessage()).contains("bad signature")));
            alice.checkout("cad-pro");
            ServerFrame second = alice.call(ClientFrame.newBuilder().setCheckout(Checkout.newBuilder().setVendor("acme").setFeature("cad-pro")));
            assertThat(second.getDenied().getReason()).isEqualTo(DenialReason.DENIAL_REASON_ALL_SEATS_IN_USE);
        }
    }

    @Test
    void badOptionsFileOnReloadKeepsTheOldPolicy() throws Exception {
        server.close();
        server = TestServer.start(dir.resolve("opt"), List.of(TestServer.feature("cad-pro", 2).build()), "EXCLUDE cad-pro USER mallory\n", b -> b);
        try (WireClient admin = WireClient.connect(server.port(), "root", "srv", server.adminToken());
             WireClient mallory = WireClient.connect(server.port(), "mallory", "ws6", null)) {
            Files.writeString(server.optionsFile(), "EXCLUDE cad-pro USER\n");

            ReloadReply reply = admin.call(ClientFrame.newBuilder().setReloadRequest(ReloadRequest.getDefaultInstance())).getReloadReply();
            ServerFrame denied = mallory.call(ClientFrame.newBuilder().setCheckout(Checkout.newBuilder().setVendor("acme").setFeature("cad-pro")));

            assertThat(reply.getApplied()).isFalse();
            assertThat(reply.getFiles(0).getProblems(0).getMessage()).contains("site.opt:1:");
            assertThat(denied.getDenied().getReason()).isEqualTo(DenialReason.DENIAL_REASON_EXCLUDED_BY_POLICY);
        }
    }

    private static ClientFrame.Builder queueFor(String feature, int timeoutMillis) {
        return ClientFrame.newBuilder().setCheckout(Checkout.newBuilder().setVendor("acme").setFeature(feature).setQueue(true)
                .setQueueTimeoutMs(timeoutMillis));
    }
}
