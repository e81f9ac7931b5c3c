package io.licman.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.licman.core.protocol.v1.Checkout;
import io.licman.core.protocol.v1.ClientFrame;
import io.licman.core.protocol.v1.DenialReason;
import io.licman.core.protocol.v1.ErrorCode;
import io.licman.core.protocol.v1.ServerFrame;
import io.licman.server.config.ServerConfig;
import io.licman.server.testing.TestServer;
import io.licman.server.testing.WireClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Each limit answers with its own code, and is per client address or per session as documented. */
@Timeout(60)
class LimitsTest {

    @TempDir
    Path dir;

    private TestServer start(UnaryOperator<ServerConfig.Builder> configure) throws Exception {
        return TestServer.start(dir, List.of(TestServer.feature("cad-pro", 5).build(), TestServer.feature("solo", 1).build()), null, configure);
    }

    private static UnaryOperator<ServerConfig.Builder> limit(String key, String value) {
        return b -> b.limits(b.limits().with(key, value));
    }

    @Test
    void checkoutsOverTheRateOfAnAddressGetRateLimitedWithRetryAfter() throws Exception {
        try (TestServer server = start(b -> b.limits(b.limits().with("max-checkouts-per-second", "5").with("checkout-rate-on-loopback", "yes")));
             WireClient client = WireClient.connect(server.port(), "alice", "ws1", null)) {
            ServerFrame limited = null;
            for (int i = 0; i < 30 && limited == null; i++) {
                ServerFrame reply = client.call(ClientFrame.newBuilder().setCheckout(Checkout.newBuilder().setVendor("acme").setFeature("nope")));
                if (reply.hasError()) {
                    limited = reply;
                }
            }

            assertThat(limited).isNotNull();
            assertThat(limited.getError().getCode()).isEqualTo(ErrorCode.ERROR_CODE_RATE_LIMITED);
            assertThat(limited.getError().getRetryAfterMs()).isBetween(1, 1000);
            Thread.sleep(limited.getError().getRetryAfterMs() + 50);
            assertThat(client.checkout("cad-pro").getLeaseId()).isNotZero();
            assertThat(server.server().limits().log().count("max-checkouts-per-second")).isPositive();
        }
    }

    @Test
    void refusedAdminTokensAreRateLimitedPerAddress() throws Exception {
        try (TestServer server = start(limit("max-auth-failures-per-minute", "3"))) {
            for (int i = 0; i < 3; i++) {
                ServerFrame refused = hello(server.port(), "127.0.0.1", "lm_admin_wrong");
                assertThat(refused.getError().getCode()).isEqualTo(ErrorCode.ERROR_CODE_NOT_AUTHENTICATED);
            }

            ServerFrame throttled = hello(server.port(), "127.0.0.1", server.adminToken());
            ServerFrame otherAddress = hello(server.port(), "127.0.0.2", server.adminToken());

            assertThat(throttled.getError().getCode()).isEqualTo(ErrorCode.ERROR_CODE_RATE_LIMITED);
            assertThat(throttled.getError().getRetryAfterMs()).isPositive();
            assertThat(otherAddress.hasWelcome()).isTrue();
            assertThat(otherAddress.getWelcome().getAdmin()).isTrue();
        }
    }

    @Test
    void refusedApiTokensGet429WithRetryAfterOnceTheAddressIsOverItsLimit() throws Exception {
        try (TestServer server = start(limit("max-auth-failures-per-minute", "3"))) {
            String wrong = "GET /api/v1/status HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer lm_wrong\r\nConnection: close\r\n\r\n";
            for (int i = 0; i < 3; i++) {
                assertThat(exchange(server.port(), wrong)).startsWith("HTTP/1.1 401");
            }

            String throttled = exchange(server.port(), "GET /api/v1/status HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                    + server.adminToken() + "\r\nConnection: close\r\n\r\n");

            assertThat(throttled).startsWith("HTTP/1.1 429").containsIgnoringCase("retry-after: ");
            assertThat(exchange(server.port(), "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void aSessionHoldsAtMostMaxLeasesPerSession() throws Exception {
        try (TestServer server = start(limit("max-leases-per-session", "2"));
             WireClient client = WireClient.connect(server.port(), "alice", "ws1", null)) {
            client.checkout("cad-pro");
            client.checkout("cad-pro");

            ServerFrame third = client.call(ClientFrame.newBuilder().setCheckout(Checkout.newBuilder().setVendor("acme").setFeature("cad-pro")));

            assertThat(third.getError().getCode()).isEqualTo(ErrorCode.ERROR_CODE_LIMIT_REACHED);
            assertThat(third.getError().getMessage()).contains("2 leases");
        }
    }

    @Test
    void aSessionWaitsInAtMostMaxQueuedPerSessionQueues() throws Exception {
        try (TestServer server = start(limit("max-queued-per-session", "1"));
             WireClient holder = WireClient.connect(server.port(), "bob", "ws2", null);
             WireClient client = WireClient.connect(server.port(), "alice", "ws1", null)) {
            holder.checkout("solo");
            ClientFrame.Builder queued = ClientFrame.newBuilder().setCheckout(Checkout.newBuilder().setVendor("acme").setFeature("solo").setQueue(true));

            assertThat(client.call(queued.clone()).hasQueued()).isTrue();
            ServerFrame second = client.call(queued.clone());

            assertThat(second.getDenied().getReason()).isEqualTo(DenialReason.DENIAL_REASON_QUEUE_FULL);
        }
    }

    @Test
    void aClientTricklingItsPreambleIsCutAtTheHandshakeTimeoutNotAtTheIdleTimeout() throws Exception {
        try (TestServer server = start(b -> b.handshakeTimeout(java.time.Duration.ofMillis(800)));
             Socket socket = new Socket("127.0.0.1", server.port())) {
            OutputStream out = socket.getOutputStream();
            long start = System.nanoTime();
            byte[] preamble = io.licman.core.protocol.Preamble.current().toBytes();
            boolean closed = false;
            for (int i = 0; i < 40 && !closed; i++) {
                try {
                    out.write(preamble[Math.min(i, preamble.length - 1)]);
                    out.flush();
                    Thread.sleep(100);
                } catch (IOException e) {
                    closed = true;
                }
            }
            socket.setSoTimeout(3000);
            closed |= socket.getInputStream().read() < 0;
            long millis = (System.nanoTime() - start) / 1_000_000;

            assertThat(closed).isTrue();
            assertThat(millis).isBetween(700L, 3500L);
            assertThat(server.server().limits().log().count("handshake-timeout")).isPositive();
        }
    }

    @Test
    void anHttpRequestTrickledByteByByteGets408AtTheRequestTimeout() throws Exception {
        try (TestServer server = start(limit("http-request-timeout", "800ms"));
             Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write("GET /health HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            long start = System.nanoTime();
            String answer = "";
            for (int i = 0; i < 40 && answer.isEmpty(); i++) {
                try {
                    out.write("X-Slow: y\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    Thread.sleep(100);
                    if (socket.getInputStream().available() > 0) {
                        answer = read(socket.getInputStream());
                    }
                } catch (IOException e) {
                    answer = "closed";
                }
            }
            long millis = (System.nanoTime() - start) / 1_000_000;

            assertThat(answer).satisfiesAnyOf(a -> assertThat(a).startsWith("HTTP/1.1 408"), a -> assertThat(a).isEqualTo("closed"));
            assertThat(millis).isLessThan(3000L);
        }
    }

    @Test
    void oversizedHttpHeadersLinesAndBodiesGet431And414And413() throws Exception {
        try (TestServer server = start(b -> b)) {
            String bigHeader = "GET /health HTTP/1.1\r\nHost: x\r\nX-Bomb: " + "a".repeat(20_000) + "\r\n\r\n";
            String bigLine = "GET /health?" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\n\r\n";
            String bigBody = "POST /api/v1/remove HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n" + "a".repeat(100_000);

            assertThat(exchange(server.port(), bigHeader)).startsWith("HTTP/1.1 431");
            assertThat(exchange(server.port(), bigLine)).startsWith("HTTP/1.1 414");
            assertThat(exchange(server.port(), bigBody)).startsWith("HTTP/1.1 413");
            assertThat(exchange(server.port(), "GET /health HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 200");
        }
    }

    private static ServerFrame hello(int port, String from, String token) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port));
        try {
            WireClient client = WireClient.connect(socket, "admin", "ws", token);
            client.close();
            return ServerFrame.newBuilder().setWelcome(io.licman.core.protocol.v1.Welcome.newBuilder().setAdmin(true)).build();
        } catch (IOException e) {
            String text = e.getMessage();
            ErrorCode code = text.contains("ERROR_CODE_RATE_LIMITED") ? ErrorCode.ERROR_CODE_RATE_LIMITED
                    : text.contains("ERROR_CODE_NOT_AUTHENTICATED") ? ErrorCode.ERROR_CODE_NOT_AUTHENTICATED : ErrorCode.ERROR_CODE_UNSPECIFIED;
            int retry = text.contains("retry_after_ms") ? 1 : 0;
            socket.close();
            return ServerFrame.newBuilder().setError(io.licman.core.protocol.v1.Error.newBuilder().setCode(code).setRetryAfterMs(retry)
                    .setMessage(text)).build();
        }
    }

    private static String exchange(int port, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            try {
                socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
            } catch (IOException e) {
                // the server may answer and close before the whole request is written
            }
            return read(socket.getInputStream());
        }
    }

    private static String read(InputStream in) throws IOException {
        byte[] buffer = new byte[4096];
        int n = in.read(buffer);
        return n < 0 ? "" : new String(buffer, 0, n, StandardCharsets.US_ASCII);
    }
}
