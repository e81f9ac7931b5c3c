package io.licman.client;

import static io.licman.client.Fixtures.ACME;
import static io.licman.client.Fixtures.ROGUE;
import static io.licman.client.Fixtures.WAIT;
import static io.licman.client.Fixtures.client;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.licman.client.fake.FakeLicmanServer;
import io.licman.core.license.Component;
import io.licman.core.license.FeatureLicense;
import io.licman.core.protocol.Preamble;
import io.licman.core.protocol.v1.Checkout;
import io.licman.core.protocol.v1.ClientFrame;
import io.licman.core.protocol.v1.ClientFrame.BodyCase;
import io.licman.core.protocol.v1.ErrorCode;
import io.licman.core.protocol.v1.Hello;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CheckoutTest {

    private FakeLicmanServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = FakeLicmanServer.start("lic1", ACME).heartbeatInterval(10_000);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void checkoutSendsPreambleHelloAndCheckoutThenCloseChecksTheSameLeaseIn() throws Exception {
        try (LicenseClient client = client(server).build()) {
            Lease lease;
            try (Lease held = client.checkout("cad-pro", "2.0")) {
                lease = held;
                assertThat(held.isValid()).isTrue();
                assertThat(held.feature()).isEqualTo("cad-pro");
                assertThat(held.version()).isEqualTo("2.0");
                assertThat(held.count()).isEqualTo(1);
                assertThat(held.licenseBlock().vendorString()).contains("tier=gold");
                assertThat(held.expiresAt()).isAfter(java.time.Instant.now());
                assertThat(held.borrowedUntil()).isEmpty();
                assertThat(client.leases()).containsExactly(held);
            }
            assertThat(lease.isValid()).isFalse();
            assertThat(client.leases()).isEmpty();

            byte[] raw = server.rawBytes(0);
            assertThat(Arrays.copyOf(raw, 8)).isEqualTo(Preamble.current().toBytes())
                    .containsExactly(0x4C, 0x4D, 0x41, 0x4E, 0x00, 0x01, 0x00, 0x00);
            int helloLength = ByteBuffer.wrap(raw, 8, 4).getInt();
            ClientFrame helloFrame = ClientFrame.parseFrom(Arrays.copyOfRange(raw, 12, 12 + helloLength));
            assertThat(helloFrame.getRequestId()).isEqualTo(1);
            Hello hello = helloFrame.getHello();
            assertThat(hello.getSdkName()).isEqualTo("licman-java");
            assertThat(hello.getSdkVersion()).isNotBlank().isNotEqualTo("unknown");
            assertThat(hello.getClient().getUser()).isEqualTo("alice");
            assertThat(hello.getClient().getHost()).isEqualTo("ws17");
            assertThat(hello.getClient().getDisplay()).isEqualTo(":0");
            assertThat(hello.getClient().getProject()).isEqualTo("bridge");
            assertThat(hello.getClient().getIp()).isEqualTo("127.0.0.1");
            assertThat(hello.getClient().getProcessId()).isEqualTo(ProcessHandle.current().pid());
            assertThat(hello.getClient().getClientId().size()).isEqualTo(16);
            assertThat(hello.getClient().getHostIdsList()).containsExactly("mac:00:1a:2b:3c:4d:5e");

            ClientFrame checkout = server.awaitFrame(BodyCase.CHECKOUT, WAIT);
            assertThat(checkout.getRequestId()).isGreaterThan(1);
            assertThat(checkout.getCheckout()).isEqualTo(Checkout.newBuilder()
                    .setVendor("acme").setFeature("cad-pro").setMinVersion("2.0").setCount(1).build());

            ClientFrame checkin = server.awaitFrame(BodyCase.CHECKIN, WAIT);
            assertThat(checkin.getCheckin().getLeaseId()).isEqualTo(lease.id());
            assertThat(server.leases().knows(lease.id())).isFalse();
            lease.close();
        }
        assertThat(server.frames(BodyCase.CHECKIN)).hasSize(1);
    }

    @Test
    void deniedCheckoutThrowsWithTheReasonTheServerMessageAndTheHolders() {
        server.enqueueCheckout(c -> FakeLicmanServer.denied(
                io.licman.core.protocol.v1.DenialReason.DENIAL_REASON_ALL_SEATS_IN_USE,
                "all 2 seats of acme sim-max are in use", "bob@ws03", "carol@ws08"));
        try (LicenseClient client = client(server).build()) {
            assertThatThrownBy(() -> client.checkout("sim-max", "2.0"))
                    .isInstanceOfSatisfying(LicenseDeniedException.class, e -> {
                        assertThat(e.reason()).isEqualTo(DenialReason.ALL_SEATS_IN_USE);
                        assertThat(e.reason().isTemporary()).isTrue();
                        assertThat(e.feature()).isEqualTo("sim-max");
                        assertThat(e.serverMessage()).isEqualTo("all 2 seats of acme sim-max are in use");
                        assertThat(e.holders()).extracting(SeatHolder::user, SeatHolder::host)
                                .containsExactly(org.assertj.core.groups.Tuple.tuple("bob", "ws03"),
                                        org.assertj.core.groups.Tuple.tuple("carol", "ws08"));
                        assertThat(e.holders().get(0).since().toEpochMilli()).isEqualTo(1_798_794_000_000L);
                        assertThat(e.getMessage()).contains("sim-max", "bob@ws03", "waitInQueue");
                    });
            assertThat(client.leases()).isEmpty();
        }
    }

    @Test
    void unknownDenialReasonOfANewerServerIsReportedAsUnknown() {
        server.enqueueCheckout(c -> FakeLicmanServer.denied(
                io.licman.core.protocol.v1.DenialReason.forNumber(0), ""));
        try (LicenseClient client = client(server).build()) {
            assertThatThrownBy(() -> client.checkout("cad-pro", ""))
                    .isInstanceOfSatisfying(LicenseDeniedException.class,
                            e -> assertThat(e.reason()).isEqualTo(DenialReason.UNKNOWN));
        }
    }

    @Test
    void grantSignedByAnotherKeyIsCheckedInAndRefused() {
        server.enqueueCheckout(c -> server.grant(c, FakeLicmanServer.block("acme", "cad-pro", "2.0"), ROGUE));
        try (LicenseClient client = client(server).build()) {
            assertThatThrownBy(() -> client.checkout("cad-pro", "2.0"))
                    .isInstanceOf(LicenseVerificationException.class)
                    .hasMessageContaining("acme-rogue")
                    .hasMessageContaining("acme-test")
                    .hasMessageContaining("seat was returned");
            ClientFrame checkin = server.awaitFrame(BodyCase.CHECKIN, WAIT);
            assertThat(server.leases().knows(checkin.getCheckin().getLeaseId())).isFalse();
            assertThat(client.leases()).isEmpty();
        }
    }

    @Test
    void vendorRotatingKeysIsTrustedWithBothKeysAndRefusedOtherKeysStillNamed() throws Exception {
        server.enqueueCheckout(c -> server.grant(c, FakeLicmanServer.block("acme", "cad-pro", "2.0"), ROGUE));
        try (LicenseClient client = client(server).vendorKey(ROGUE.publicKey()).build()) {
            Lease lease = client.checkout("cad-pro", "2.0");

            assertThat(lease.licenseBlock().signature().orElseThrow().keyId()).isEqualTo("acme-rogue");
        }
    }

    @Test
    void keyOfAnotherVendorCannotBeAddedToAClient() {
        var globex = io.licman.core.crypto.VendorPrivateKey.generate("globex");

        assertThatThrownBy(() -> client(server).vendorKey(globex.publicKey()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one LicenseClient per vendor");
    }

    @Test
    void grantWhoseBlockIsForAnotherFeatureIsRefused() {
        server.enqueueCheckout(c -> server.grant(c, FakeLicmanServer.block("acme", "viewer", "9.0"), ACME));
        try (LicenseClient client = client(server).build()) {
            assertThatThrownBy(() -> client.checkout("cad-pro", "2.0"))
                    .isInstanceOf(LicenseVerificationException.class)
                    .hasMessageContaining("viewer 9.0");
            server.awaitFrame(BodyCase.CHECKIN, WAIT);
        }
    }

    @Test
    void grantBelowTheMinimumVersionIsRefused() {
        server.enqueueCheckout(c -> server.grant(c, FakeLicmanServer.block("acme", "cad-pro", "1.5"), ACME));
        try (LicenseClient client = client(server).build()) {
            assertThatThrownBy(() -> client.checkout("cad-pro", "2.0"))
                    .isInstanceOf(LicenseVerificationException.class)
                    .hasMessageContaining("2.0 or newer");
        }
    }

    @Test
    void grantWithATamperedBlockIsRefused() {
        server.enqueueCheckout(c -> {
            var granted = server.granted(c, FakeLicmanServer.block("acme", "cad-pro", "2.0"), ACME);
            String tampered = granted.getLicenseText(0).replace("count          5", "count          500");
            return io.licman.core.protocol.v1.ServerFrame.newBuilder()
                    .setGranted(granted.toBuilder().setLicenseText(0, tampered));
        });
        try (LicenseClient client = client(server).build()) {
            assertThatThrownBy(() -> client.checkout("cad-pro", ""))
                    .isInstanceOf(LicenseVerificationException.class)
                    .hasMessageContaining("does not verify");
        }
    }

    @Test
    void componentOfASignedPackageGrantsTheFeature() throws Exception {
        FeatureLicense suite = FeatureLicense.builder("acme", "suite").version("3.0").count(5)
                .expires(LocalDate.of(2099, 1, 1)).issued(LocalDate.of(2026, 11, 27))
                .components(List.of(Component.parse("cad-pro"), Component.parse("viewer:1.0"))).build();
        server.enqueueCheckout(c -> server.grant(c, suite, ACME));
        try (LicenseClient client = client(server).build(); Lease lease = client.checkout("cad-pro", "2.0")) {
            assertThat(lease.licenseBlock().name()).isEqualTo("suite");
            assertThat(lease.isValid()).isTrue();
        }
    }

    @Test
    void checkoutRequestCarriesCountQueueAndBorrowToTheServer() throws Exception {
        try (LicenseClient client = client(server).build();
             Lease lease = client.checkout(CheckoutRequest.builder("cad-pro").count(3)
                     .waitInQueue(Duration.ofSeconds(30)).borrow(Duration.ofHours(2)).build())) {
            Checkout sent = server.awaitFrame(BodyCase.CHECKOUT, WAIT).getCheckout();
            assertThat(sent.getCount()).isEqualTo(3);
            assertThat(sent.getQueue()).isTrue();
            assertThat(sent.getQueueTimeoutMs()).isBetween(29_000, 30_600);
            assertThat(sent.getBorrowSeconds()).isEqualTo(7200);
            assertThat(lease.count()).isEqualTo(3);
        }
    }

    @Test
    void checkoutAsyncCompletesWithTheLeaseOrTheDenial() throws Exception {
        server.enqueueCheckout(c -> server.grant(c));
        server.enqueueCheckout(c -> FakeLicmanServer.denied(
                io.licman.core.protocol.v1.DenialReason.DENIAL_REASON_NO_SUCH_FEATURE, "no license for acme nope"));
        try (LicenseClient client = client(server).build()) {
            Lease lease = client.checkoutAsync("cad-pro", "").get(5, TimeUnit.SECONDS);
            assertThat(lease.isValid()).isTrue();
            assertThatThrownBy(() -> client.checkoutAsync("nope", "").get(5, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOfSatisfying(LicenseDeniedException.class,
                            e -> assertThat(e.reason()).isEqualTo(DenialReason.NO_SUCH_FEATURE));
        }
    }

    @Test
    void serverErrorBecomesAProtocolExceptionWithItsCode() {
        server.enqueueCheckout(c -> FakeLicmanServer.error(ErrorCode.ERROR_CODE_INVALID_REQUEST, "count too large"));
        try (LicenseClient client = client(server).build()) {
            assertThatThrownBy(() -> client.checkout("cad-pro", ""))
                    .isInstanceOfSatisfying(LicenseProtocolException.class, e -> {
                        assertThat(e.code()).isEqualTo(LicenseProtocolException.Code.INVALID_REQUEST);
                        assertThat(e.getMessage()).contains("count too large");
                    });
        }
    }

    @Test
    void internalErrorIsRetriedOnce() throws Exception {
        server.enqueueCheckout(c -> FakeLicmanServer.error(ErrorCode.ERROR_CODE_INTERNAL, "oops"));
        try (LicenseClient client = client(server).build(); Lease lease = client.checkout("cad-pro", "")) {
            assertThat(lease.isValid()).isTrue();
            assertThat(server.frames(BodyCase.CHECKOUT)).hasSize(2);
        }
    }

    @Test
    void rateLimitedCheckoutWaitsTheServersDelayAndTriesAgain() throws Exception {
        server.enqueueCheckout(c -> {
            var error = FakeLicmanServer.error(ErrorCode.ERROR_CODE_RATE_LIMITED, "slow down");
            error.getErrorBuilder().setRetryAfterMs(200);
            return error;
        });
        long start = System.nanoTime();
        try (LicenseClient client = client(server).build(); Lease lease = client.checkout("cad-pro", "")) {
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
            assertThat(server.frames(BodyCase.CHECKOUT)).hasSize(2);
            assertThat(lease.isValid()).isTrue();
        }
    }

    @Test
    void rateLimitLongerThanTheRequestTimeoutIsReportedWithTheDelay() {
        server.enqueueCheckout(c -> {
            var error = FakeLicmanServer.error(ErrorCode.ERROR_CODE_RATE_LIMITED, "slow down");
            error.getErrorBuilder().setRetryAfterMs(60_000);
            return error;
        });
        try (LicenseClient client = client(server).build()) {
            assertThatThrownBy(() -> client.checkout("cad-pro", ""))
                    .isInstanceOfSatisfying(LicenseProtocolException.class, e -> {
                        assertThat(e.code()).isEqualTo(LicenseProtocolException.Code.RATE_LIMITED);
                        assertThat(e.retryAfter()).isEqualTo(Duration.ofMinutes(1));
                    });
        }
    }

    @Test
    void pipelinedCheckoutsFromManyThreadsEachGetTheirOwnLease() throws Exception {
        try (LicenseClient client = client(server).build()) {
            List<java.util.concurrent.CompletableFuture<Lease>> futures = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                futures.add(client.checkoutAsync("cad-pro", ""));
            }
            List<Long> ids = new java.util.ArrayList<>();
            for (var future : futures) {
                ids.add(future.get(5, TimeUnit.SECONDS).id());
            }
            assertThat(ids).doesNotHaveDuplicates().hasSize(8);
            assertThat(client.leases()).hasSize(8);
            assertThat(server.sessionCount()).isEqualTo(1);
        }
    }

    @Test
    void closedClientRefusesCheckouts() {
        LicenseClient client = client(server).build();
        client.close();
        client.close();
        assertThatThrownBy(() -> client.checkout("cad-pro", "")).isInstanceOf(IllegalStateException.class);
    }
}
