package io.licman.client;

import static io.licman.client.Fixtures.ACME;
import static io.licman.client.Fixtures.client;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.licman.client.fake.FakeLicmanServer;
import io.licman.core.protocol.Endpoint;
import io.licman.core.protocol.v1.ErrorCode;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnavailableServerTest {

    @Test
    void exceptionListsEveryServerTriedAndWhatWentWrongWithEach() throws Exception {
        try (FakeLicmanServer stalled = FakeLicmanServer.start("stalled", ACME);
             FakeLicmanServer refusing = FakeLicmanServer.start("refusing", ACME)) {
            // A port nothing listens on, chosen after the fakes so that it cannot be one of theirs.
            int closedPort;
            do {
                try (ServerSocket probe = new ServerSocket(0)) {
                    closedPort = probe.getLocalPort();
                }
            } while (closedPort == stalled.endpoint().port() || closedPort == refusing.endpoint().port());
            stalled.stall(true);
            refusing.answerHello(h -> FakeLicmanServer.error(ErrorCode.ERROR_CODE_LIMIT_REACHED, "too many connections"));
            Endpoint closed = new Endpoint(closedPort, "127.0.0.1");
            try (LicenseClient client = client().servers(List.of(closed, stalled.endpoint(), refusing.endpoint()))
                    .connectTimeout(Duration.ofSeconds(1)).requestTimeout(Duration.ofSeconds(3)).build()) {
                assertThatThrownBy(() -> client.checkout("cad-pro", ""))
                        .isInstanceOfSatisfying(LicenseServerUnavailableException.class, e -> {
                            assertThat(e.attempts()).extracting(LicenseServerUnavailableException.Attempt::server)
                                    .startsWith(closed, stalled.endpoint(), refusing.endpoint());
                            assertThat(e.attempts().get(0).problem()).contains("connection refused");
                            assertThat(e.attempts().get(1).problem()).contains("no Welcome");
                            assertThat(e.attempts().get(2).problem()).contains("LIMIT_REACHED", "too many connections");
                            assertThat(e.getMessage()).contains("cannot check out acme cad-pro", closed.toString(),
                                    stalled.endpoint().toString(), refusing.endpoint().toString(), "servers(");
                        });
            }
        }
    }

    @Test
    void serverThatDiesDuringTheCheckoutIsReportedAfterTheTimeRunsOut() throws Exception {
        try (FakeLicmanServer server = FakeLicmanServer.start("lic1", ACME)) {
            server.enqueueCheckout(c -> {
                server.stop();
                return null;
            });
            try (LicenseClient client = client(server).connectTimeout(Duration.ofMillis(100))
                    .requestTimeout(Duration.ofMillis(300)).build()) {
                assertThatThrownBy(() -> client.checkout("cad-pro", ""))
                        .isInstanceOfSatisfying(LicenseServerUnavailableException.class,
                                e -> assertThat(e.attempts()).isNotEmpty()
                                        .allSatisfy(a -> assertThat(a.server()).isEqualTo(server.endpoint())));
            }
        }
    }
}
