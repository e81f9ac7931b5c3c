package io.licman.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.licman.core.protocol.DatagramCodec;
import io.licman.core.protocol.Preamble;
import io.licman.core.protocol.v1.ClientFrame;
import io.licman.core.protocol.v1.DiscoveryReply;
import io.licman.core.protocol.v1.DiscoveryRequest;
import io.licman.core.protocol.v1.ErrorCode;
import io.licman.core.protocol.v1.Ping;
import io.licman.core.protocol.v1.ServerFrame;
import io.licman.server.testing.TestServer;
import io.licman.server.testing.WireClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Bad frames get a protocol error and a closed connection; the server keeps serving everyone else. */
@Timeout(60)
class HostileInputTest {

    @TempDir
    Path dir;
    TestServer server;
    WireClient bystander;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(dir, TestServer.feature("cad-pro", 3).build());
        bystander = WireClient.connect(server.port(), "alice", "ws1", null);
        bystander.checkout("cad-pro");
    }

    @AfterEach
    void stop() throws IOException {
        bystander.close();
        server.close();
    }

    @Test
    void oversizedFrameIsRefusedWithFrameTooLargeAndTheConnectionClosed() throws Exception {
        try (WireClient attacker = WireClient.connect(server.port(), "eve", "x", null)) {
            attacker.sendRaw(ByteBuffer.allocate(4).putInt(64 * 1024 * 1024).array());

            ServerFrame error = attacker.read();

            assertThat(error.getError().getCode()).isEqualTo(ErrorCode.ERROR_CODE_FRAME_TOO_LARGE);
            assertThat(attacker.isClosedByServer()).isTrue();
        }
        assertBystanderStillServed();
    }

    @Test
    void malformedProtobufIsAProtocolError() throws Exception {
        try (WireClient attacker = WireClient.connect(server.port(), "eve", "x", null)) {
            attacker.sendRaw(new byte[] {0, 0, 0, 3, (byte) 0xff, (byte) 0xff, (byte) 0xff});

            ServerFrame error = attacker.read();

            assertThat(error.getError().getCode()).isEqualTo(ErrorCode.ERROR_CODE_PROTOCOL_ERROR);
            assertThat(attacker.isClosedByServer()).isTrue();
        }
        assertBystanderStillServed();
    }

    @Test
    void wrongProtocolVersionInThePreambleIsRefused() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(new Preamble(9).toBytes());

            byte[] reply = socket.getInputStream().readAllBytes();

            assertThat(reply.length).isGreaterThan(4);
        }
        assertBystanderStillServed();
    }

    @Test
    void requestBeforeHelloIsAProtocolError() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(Preamble.current().toBytes());
            out.write(new io.licman.core.protocol.FrameEncoder().encode(ClientFrame.newBuilder().setRequestId(1).setPing(Ping.getDefaultInstance()).build()));
            InputStream in = socket.getInputStream();
            byte[] reply = in.readAllBytes();
            ServerFrame frame = ServerFrame.parseFrom(java.util.Arrays.copyOfRange(reply, 4, reply.length));

            assertThat(frame.getError().getCode()).isEqualTo(ErrorCode.ERROR_CODE_PROTOCOL_ERROR);
            assertThat(frame.getError().getMessage()).contains("Hello");
        }
    }

    @Test
    void randomBytesAndTruncatedFramesNeverStopTheServer() throws Exception {
        Random random = new Random(1384);
        for (int i = 0; i < 50; i++) {
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                socket.setSoTimeout(2000);
                byte[] junk = new byte[1 + random.nextInt(2000)];
                random.nextBytes(junk);
                if (i % 2 == 0) {
                    System.arraycopy(Preamble.current().toBytes(), 0, junk, 0, Math.min(8, junk.length));
                }
                socket.getOutputStream().write(junk);
                socket.shutdownOutput();
                drain(socket.getInputStream());
            }
        }
        assertBystanderStillServed();
    }

    @Test
    void udpDiscoveryFindsTheServerAndTheReplyIsNeverLargerThanTheRequest() throws Exception {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            socket.setSoTimeout(5000);
            byte[] request = DatagramCodec.encodeRequest(DiscoveryRequest.newBuilder().setMajorVersion(1).setNonce(42).build(),
                    DatagramCodec.RECOMMENDED_REQUEST_SIZE);
            socket.send(new DatagramPacket(request, request.length, InetAddress.getLoopbackAddress(), server.port()));
            byte[] buffer = new byte[2048];
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            socket.receive(packet);

            DiscoveryReply reply = DatagramCodec.decodeReply(packet.getData(), 0, packet.getLength());

            assertThat(packet.getLength()).isLessThanOrEqualTo(request.length);
            assertThat(reply.getNonce()).isEqualTo(42);
            assertThat(reply.getServerId()).isEqualTo("test");
            assertThat(reply.getEndpointsList()).containsExactly(server.port() + "@127.0.0.1");
            assertThat(reply.getFeaturesList()).singleElement().satisfies(f -> {
                assertThat(f.getName()).isEqualTo("cad-pro");
                assertThat(f.getTotal()).isEqualTo(3);
            });
        }
    }

    @Test
    void tinyUdpRequestGetsNoReplyLargerThanItself() throws Exception {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            socket.setSoTimeout(1500);
            byte[] request = DatagramCodec.encodeRequest(DiscoveryRequest.newBuilder().setMajorVersion(1).setNonce(7).build());
            socket.send(new DatagramPacket(request, request.length, InetAddress.getLoopbackAddress(), server.port()));
            DatagramPacket packet = new DatagramPacket(new byte[2048], 2048);
            try {
                socket.receive(packet);
                assertThat(packet.getLength()).isLessThanOrEqualTo(request.length);
            } catch (java.net.SocketTimeoutException noReply) {
                // No reply at all also satisfies the rule: nothing fitted.
            }
        }
    }

    private void assertBystanderStillServed() throws IOException {
        ServerFrame pong = bystander.call(ClientFrame.newBuilder().setPing(Ping.getDefaultInstance()));
        assertThat(pong.hasPong()).isTrue();
        bystander.checkout("cad-pro");
    }

    private static void drain(InputStream in) {
        try {
            in.readAllBytes();
        } catch (IOException ignored) {
            // a reset is as good as a close here
        }
    }
}
