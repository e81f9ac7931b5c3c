package io.licman.client;

import static io.licman.client.Fixtures.ACME;
import static io.licman.client.Fixtures.client;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.licman.client.fake.FakeDiscoveryResponder;
import io.licman.client.fake.FakeLicmanServer;
import io.licman.core.protocol.DatagramCodec;
import io.licman.core.protocol.Endpoint;
import io.licman.core.protocol.v1.DiscoveryReply;
import io.licman.core.protocol.v1.FeatureAvailability;
import io.licman.core.protocol.v1.ServerRole;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DiscoveryTest {

    private static DiscoveryReply.Builder reply(long nonce, String serverId, String... endpoints) {
        return DiscoveryReply.newBuilder().setNonce(nonce).setServerId(serverId).setMajorVersion(1)
                .setRole(ServerRole.SERVER_ROLE_STANDALONE).addAllEndpoints(List.of(endpoints)).addVendors("acme");
    }

    @Test
    void paddedRequestFindsTheServerAndIgnoresStrangersAndAnswersToOtherRequests() throws Exception {
        try (FakeDiscoveryResponder responder = FakeDiscoveryResponder.start(request -> List.of(
                new byte[] {1, 2, 3},
                FakeDiscoveryResponder.datagram(reply(request.getNonce() + 1, "impostor", "1@evil").build(), 1200),
                FakeDiscoveryResponder.datagram(reply(request.getNonce(), "lic1", "1384@lic1.example.com")
                        .addFeatures(FeatureAvailability.newBuilder().setVendor("acme").setName("cad-pro").setFree(4).setTotal(5))
                        .build(), 1200)))) {
            List<DiscoveredServer> found = Discovery.builder().vendor("acme").feature("cad-pro")
                    .targets(List.of(responder.address())).timeout(Duration.ofMillis(300)).build().discover();

            assertThat(found).hasSize(1);
            DiscoveredServer server = found.get(0);
            assertThat(server.serverId()).isEqualTo("lic1");
            assertThat(server.endpoints()).containsExactly(new Endpoint(1384, "lic1.example.com"));
            assertThat(server.role()).isEqualTo(DiscoveredServer.Role.STANDALONE);
            assertThat(server.vendors()).containsExactly("acme");
            assertThat(server.features()).containsExactly(new DiscoveredServer.Feature("acme", "cad-pro", 4, 5, false));
            assertThat(server.respondedFrom()).isEqualTo(responder.address());

            FakeDiscoveryResponder.Request request = responder.requests().get(0);
            assertThat(request.size()).isBetween(DatagramCodec.RECOMMENDED_REQUEST_SIZE - 1, DatagramCodec.RECOMMENDED_REQUEST_SIZE);
            assertThat(request.request().getMajorVersion()).isEqualTo(1);
            assertThat(request.request().getVendor()).isEqualTo("acme");
            assertThat(request.request().getFeature()).isEqualTo("cad-pro");
        }
    }

    @Test
    void replyWithoutEndpointsPointsAtTheAddressItCameFrom() throws Exception {
        try (FakeDiscoveryResponder responder = FakeDiscoveryResponder.start(request -> List.of(
                FakeDiscoveryResponder.datagram(reply(request.getNonce(), "lic1").setTruncated(true).build(), 1200)))) {
            DiscoveredServer server = Discovery.builder().targets(List.of(responder.address()))
                    .timeout(Duration.ofMillis(200)).build().discover().get(0);
            assertThat(server.endpoints()).containsExactly(new Endpoint(1384, "127.0.0.1"));
            assertThat(server.truncated()).isTrue();
        }
    }

    @Test
    void silenceMeansNoServerAfterTheBoundedWait() throws Exception {
        try (FakeDiscoveryResponder responder = FakeDiscoveryResponder.start(request -> List.of())) {
            long start = System.nanoTime();
            assertThat(Discovery.builder().targets(List.of(responder.address())).timeout(Duration.ofMillis(150))
                    .build().discover()).isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(140), Duration.ofSeconds(2));
        }
    }

    @Test
    void defaultTargetsAreBroadcastMulticastAndLoopbackOnPort1384() {
        assertThat(Discovery.builder().build().targets()).containsExactly(
                new InetSocketAddress("255.255.255.255", 1384), new InetSocketAddress("239.255.13.84", 1384),
                new InetSocketAddress("ff02::1384", 1384), new InetSocketAddress("127.0.0.1", 1384));
    }

    @Test
    void clientWithoutConfiguredServersDiscoversOneAndChecksOutThere() throws Exception {
        try (FakeLicmanServer server = FakeLicmanServer.start("lic1", ACME);
             FakeDiscoveryResponder responder = FakeDiscoveryResponder.start(request -> List.of(
                     FakeDiscoveryResponder.datagram(reply(request.getNonce(), "lic1", server.endpoint().toString()).build(),
                             1200)))) {
            Discovery discovery = Discovery.builder().targets(List.of(responder.address())).timeout(Duration.ofSeconds(2)).build();
            try (LicenseClient client = client().discovery(discovery).build(); Lease lease = client.checkout("cad-pro", "")) {
                assertThat(lease.isValid()).isTrue();
                assertThat(responder.requests()).hasSize(1);
            }
        }
    }

    @Test
    void clientWithNoServerAnywhereSaysHowToNameOne() throws Exception {
        try (FakeDiscoveryResponder responder = FakeDiscoveryResponder.start(request -> List.of())) {
            Discovery discovery = Discovery.builder().targets(List.of(responder.address())).timeout(Duration.ofMillis(100)).build();
            try (LicenseClient client = client().discovery(discovery).build()) {
                assertThatThrownBy(() -> client.checkout("cad-pro", ""))
                        .isInstanceOf(LicenseServerUnavailableException.class)
                        .hasMessageContaining("no server answered UDP discovery")
                        .hasMessageContaining("LICMAN_SERVER=port@host");
            }
        }
    }
}
