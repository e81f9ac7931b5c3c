package io.licman.server.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.licman.core.protocol.FrameDecoder;
import io.licman.core.protocol.FrameEncoder;
import io.licman.core.protocol.Preamble;
import io.licman.core.protocol.ProtocolException;
import io.licman.core.protocol.v1.CancelQueue;
import io.licman.core.protocol.v1.Checkin;
import io.licman.core.protocol.v1.Checkout;
import io.licman.core.protocol.v1.ClientFrame;
import io.licman.core.protocol.v1.ClientIdentity;
import io.licman.core.protocol.v1.DiagRequest;
import io.licman.core.protocol.v1.ErrorCode;
import io.licman.core.protocol.v1.Heartbeat;
import io.licman.core.protocol.v1.Hello;
import io.licman.core.protocol.v1.LeaseKey;
import io.licman.core.protocol.v1.Ping;
import io.licman.core.protocol.v1.Resume;
import io.licman.core.protocol.v1.ServerFrame;
import io.licman.core.protocol.v1.StatusRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;

/**
 * Decoded {@link ClientFrame}s built from fuzz data (a Hello with odd identities, then checkouts,
 * heartbeats, check-ins, resumes, queue cancels, diag and admin requests with odd fields and
 * request ids, or raw protobuf bytes) go to a real server session. Every request must be answered,
 * or the connection closed after an {@code Error} that says why (a fatal one), and never with
 * {@code INTERNAL}: that would be a server bug. {@code JAZZER_FUZZ=1} fuzzes (see docs/security.md).
 */
class SessionFuzzTest {

    private static final String[] VENDORS = {"acme", "ACME", "", "a", "acme\u0000", "x".repeat(70)};
    private static final String[] FEATURES = {"cad-pro", "viewer", "", "nope", "cad pro", "f".repeat(130)};
    private static final String[] VERSIONS = {"", "1.0", "2.0", "3", "1.2.3.4.5.6.7.8.9", "a.b", "99999999999", "-1"};
    private static final String[] USERS = {"alice", "mallory", "", "u".repeat(300), "bob\n"};

    @FuzzTest(maxDuration = "2m")
    void everyRequestIsAnsweredAndNeverWithInternal(FuzzedDataProvider data) throws Exception {
        // Connecting to the test's own server on loopback is the point here, not a server-side request forgery.
        com.code_intelligence.jazzer.api.BugDetectors.allowNetworkConnections();
        int port = FuzzServer.get().port();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(3000);
            socket.setTcpNoDelay(true);
            FrameEncoder encoder = new FrameEncoder();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(Preamble.current().toBytes());
            out.write(encoder.encode(ClientFrame.newBuilder().setRequestId(1).setHello(hello(data)).build()));
            Set<Long> expected = new HashSet<>();
            expected.add(1L);
            java.util.List<ClientFrame> sent = new java.util.ArrayList<>();
            int frames = data.consumeInt(0, 8);
            for (int i = 0; i < frames && data.remainingBytes() > 0; i++) {
                ClientFrame frame = frame(data);
                if (frame == null) {
                    continue;
                }
                out.write(encoder.encode(frame));
                expected.add(frame.getRequestId());
                sent.add(frame);
            }
            socket.getOutputStream().write(out.toByteArray());
            socket.getOutputStream().flush();
            try {
                readAnswers(socket.getInputStream(), expected);
            } catch (IllegalStateException e) {
                throw new IllegalStateException(e.getMessage() + "; the requests were " + sent, e);
            }
        }
    }

    private static Hello hello(FuzzedDataProvider data) {
        ClientIdentity.Builder identity = ClientIdentity.newBuilder().setUser(data.pickValue(USERS)).setHost(data.consumeString(20))
                .setProject(data.consumeString(10)).setClientId(ByteString.copyFrom(data.consumeBytes(data.pickValue(new Integer[] {16, 0, 7, 65}))));
        for (int i = data.consumeInt(0, 3); i > 0; i--) {
            identity.addHostIds(data.consumeString(30));
        }
        return Hello.newBuilder().setMinMinorVersion(data.consumeInt(0, 2)).setMaxMinorVersion(data.consumeInt(0, 2))
                .setMaxFrameSize(data.consumeInt()).setClient(identity).build();
    }

    private static ClientFrame frame(FuzzedDataProvider data) {
        long id = data.consumeBoolean() ? data.consumeLong() : data.consumeLong(2, 64);
        ClientFrame.Builder f = ClientFrame.newBuilder().setRequestId(id);
        switch (data.consumeInt(0, 9)) {
            case 0 -> f.setCheckout(checkout(data));
            case 1 -> f.setHeartbeat(Heartbeat.newBuilder().addLeases(key(data)).addQueueTickets(data.consumeLong()));
            case 2 -> f.setCheckin(Checkin.newBuilder().setLeaseId(data.consumeLong()).setSecret(ByteString.copyFrom(data.consumeBytes(17))));
            case 3 -> f.setResume(Resume.newBuilder().addLeases(key(data)).addLeases(key(data)));
            case 4 -> f.setCancelQueue(CancelQueue.newBuilder().setTicketId(data.consumeLong()));
            case 5 -> f.setDiagRequest(DiagRequest.newBuilder().setCheckout(checkout(data)));
            case 6 -> f.setStatusRequest(StatusRequest.newBuilder().setVendor(data.consumeString(10)));
            case 7 -> f.setPing(Ping.newBuilder().setPayload(ByteString.copyFrom(data.consumeBytes(data.consumeInt(0, 1100)))));
            case 8 -> f.setHello(Hello.getDefaultInstance());
            default -> {
                try {
                    ClientFrame raw = ClientFrame.parseFrom(data.consumeBytes(data.consumeInt(0, 200)));
                    if (raw.getRequestId() == 0 || raw.getBodyCase() == ClientFrame.BodyCase.BODY_NOT_SET) {
                        return null;
                    }
                    return raw;
                } catch (InvalidProtocolBufferException e) {
                    return null;
                }
            }
        }
        return f.build();
    }

    private static Checkout checkout(FuzzedDataProvider data) {
        Checkout.Builder c = Checkout.newBuilder().setVendor(data.pickValue(VENDORS)).setFeature(data.pickValue(FEATURES))
                .setMinVersion(data.pickValue(VERSIONS)).setCount(data.consumeInt()).setQueue(data.consumeBoolean())
                .setQueueTimeoutMs(data.consumeInt(0, 50)).setBorrowSeconds(data.consumeBoolean() ? 0 : data.consumeInt());
        if (data.consumeBoolean()) {
            c.addHostIds(data.consumeString(40));
        }
        return c.build();
    }

    private static LeaseKey key(FuzzedDataProvider data) {
        return LeaseKey.newBuilder().setLeaseId(data.consumeLong()).setSecret(ByteString.copyFrom(data.consumeBytes(data.consumeInt(0, 20)))).build();
    }

    /** Reads until every request is answered, or the server closes the connection. */
    private static void readAnswers(InputStream in, Set<Long> expected) throws IOException {
        FrameDecoder<ServerFrame> decoder = FrameDecoder.forClient();
        byte[] buffer = new byte[65536];
        Set<Long> answered = new HashSet<>();
        boolean toldWhy = false;
        while (!answered.containsAll(expected)) {
            int n;
            try {
                n = in.read(buffer);
            } catch (SocketTimeoutException e) {
                throw new IllegalStateException("requests " + expected + " not all answered within 3 s: got " + answered);
            } catch (IOException e) {
                n = -1;
            }
            if (n < 0) {
                if (!toldWhy) {
                    throw new IllegalStateException("the server closed the connection without an Error saying why; answered " + answered);
                }
                return;
            }
            ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
            try {
                ServerFrame frame;
                while ((frame = decoder.decode(chunk)) != null) {
                    if (frame.hasError() && (frame.getError().getCode() == ErrorCode.ERROR_CODE_INTERNAL
                            || frame.getError().getCode() == ErrorCode.ERROR_CODE_UNSPECIFIED)) {
                        throw new IllegalStateException("the server failed: " + frame);
                    }
                    if (frame.getRequestId() != 0) {
                        answered.add(frame.getRequestId());
                    }
                    toldWhy |= frame.hasError();
                    if (frame.hasError() && frame.getRequestId() == 0 && !frame.getError().getMessage().isEmpty()) {
                        // an error about the connection as a whole: it closes next
                        answered.addAll(expected);
                    }
                }
            } catch (ProtocolException e) {
                throw new IllegalStateException("the server sent a malformed frame", e);
            }
        }
    }
}
