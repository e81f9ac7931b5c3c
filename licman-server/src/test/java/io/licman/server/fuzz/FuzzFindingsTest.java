package io.licman.server.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.licman.core.protocol.v1.CancelQueue;
import io.licman.core.protocol.v1.Checkin;
import io.licman.core.protocol.v1.ClientFrame;
import io.licman.core.protocol.v1.ErrorCode;
import io.licman.core.protocol.v1.Heartbeat;
import io.licman.core.protocol.v1.LeaseKey;
import io.licman.core.protocol.v1.LeaseLossReason;
import io.licman.core.protocol.v1.Ping;
import io.licman.core.protocol.v1.Resume;
import io.licman.server.testing.TestServer;
import io.licman.server.testing.WireClient;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What the fuzzers found, each pinned down by name: the fix keeps the session going and answers. */
@Timeout(30)
class FuzzFindingsTest {

    @TempDir
    Path dir;

    /** SessionFuzzTest: a heartbeat listing queue ticket 0 was never answered (the id check threw inside the reply). */
    @Test
    void idsNoLedgerMintsAreAnsweredAsUnknownAndTheSessionGoesOn() throws Exception {
        try (TestServer server = TestServer.start(dir, TestServer.feature("cad-pro", 1).build());
             WireClient client = WireClient.connect(server.port(), "alice", "ws1", null)) {
            var ack = client.call(ClientFrame.newBuilder().setHeartbeat(Heartbeat.newBuilder()
                    .addLeases(LeaseKey.newBuilder().setLeaseId(0)).addLeases(LeaseKey.newBuilder().setLeaseId(-1)).addQueueTickets(0)
                    .addQueueTickets(-5))).getHeartbeatAck();
            var checkin = client.call(ClientFrame.newBuilder().setCheckin(Checkin.newBuilder().setLeaseId(-1)));
            var resumed = client.call(ClientFrame.newBuilder().setResume(Resume.newBuilder().addLeases(LeaseKey.newBuilder().setLeaseId(0))))
                    .getResumed();
            var cancelled = client.call(ClientFrame.newBuilder().setCancelQueue(CancelQueue.newBuilder().setTicketId(0))).getQueueCancelled();

            assertThat(ack.getLeasesList()).allSatisfy(s -> assertThat(s.getOk()).isFalse());
            assertThat(ack.getTicketsList()).allSatisfy(t -> assertThat(t.getQueued()).isFalse());
            assertThat(checkin.getError().getCode()).isEqualTo(ErrorCode.ERROR_CODE_NO_SUCH_LEASE);
            assertThat(resumed.getLeases(0).getLostReason()).isEqualTo(LeaseLossReason.LEASE_LOSS_REASON_UNKNOWN_LEASE);
            assertThat(cancelled.getWasQueued()).isFalse();
            assertThat(client.call(ClientFrame.newBuilder().setPing(Ping.getDefaultInstance())).hasPong()).isTrue();
        }
    }

    /** SessionFuzzTest, with the oracle that a server never closes without saying why: a malformed DiagRequest ended the session. */
    @Test
    void aMalformedDiagRequestIsAnInvalidRequestAndTheSessionGoesOn() throws Exception {
        try (TestServer server = TestServer.start(dir, TestServer.feature("cad-pro", 1).build());
             WireClient client = WireClient.connect(server.port(), "alice", "ws1", null)) {
            var reply = client.call(ClientFrame.newBuilder().setDiagRequest(io.licman.core.protocol.v1.DiagRequest.newBuilder()
                    .setCheckout(io.licman.core.protocol.v1.Checkout.newBuilder().setVendor("acme").setFeature("cad-pro").setMinVersion("a.b"))));

            assertThat(reply.getError().getCode()).isEqualTo(ErrorCode.ERROR_CODE_INVALID_REQUEST);
            assertThat(client.call(ClientFrame.newBuilder().setPing(Ping.getDefaultInstance())).hasPong()).isTrue();
        }
    }

    /** HttpFuzzTest: a bad percent escape in the query string made the API answer 500. */
    @Test
    void aRequestTargetThatDoesNotDecodeGets400() throws Exception {
        try (TestServer server = TestServer.start(dir, TestServer.feature("cad-pro", 1).build());
             Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write("GET /api/v1/openapi.json?a=%us HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();

            assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 400").contains("not valid");
        }
    }
}
