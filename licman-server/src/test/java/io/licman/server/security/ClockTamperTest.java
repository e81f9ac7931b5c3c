package io.licman.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.licman.core.license.FeatureLicense;
import io.licman.core.protocol.v1.Checkout;
import io.licman.core.protocol.v1.ClientFrame;
import io.licman.core.protocol.v1.DenialReason;
import io.licman.core.protocol.v1.ServerFrame;
import io.licman.server.LicmanServer;
import io.licman.server.clock.ClockGuard;
import io.licman.server.config.ReplicationConfig;
import io.licman.server.config.ServerConfig;
import io.licman.server.testing.TestServer;
import io.licman.server.testing.WireClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A clock set back by more than the tolerance holds features whose licenses expire, never
 * permanent ones; NTP-sized corrections deny nothing; the clock catching up or {@code licman clock
 * ack} ends the hold; the high-water mark survives a restart.
 */
@Timeout(60)
class ClockTamperTest {

    private static final Instant NOW = Instant.parse("2027-06-01T12:00:00Z");

    @TempDir
    Path dir;
    final SettableClock clock = new SettableClock(NOW);

    private LicmanServer start() throws Exception {
        Path trust = Files.createDirectories(dir.resolve("trust"));
        Files.writeString(trust.resolve("acme.pub"), TestServer.VENDOR_KEY.publicKey().toFileText());
        Path license = dir.resolve("site.lic");
        FeatureLicense permanent = FeatureLicense.builder("acme", "perpetual").version("2.0").count(3).start(LocalDate.of(2020, 1, 1))
                .issued(LocalDate.of(2026, 1, 1)).build();
        TestServer.writeLicense(license, List.of(TestServer.feature("yearly", 3).build(), permanent));
        ServerConfig config = ServerConfig.builder().addLicenseFile(license).trustDirectory(trust).dataDirectory(dir.resolve("data"))
                .bindAddress("127.0.0.1").port(0).serverId("test").watchFiles(false).udpEnabled(false)
                .replication(ReplicationConfig.none()).build();
        return LicmanServer.start(config, clock);
    }

    private static ServerFrame checkout(WireClient client, String feature) throws Exception {
        return client.call(ClientFrame.newBuilder().setCheckout(Checkout.newBuilder().setVendor("acme").setFeature(feature)));
    }

    @Test
    void aClockSetBackBeyondTheToleranceHoldsExpiringLicensesButNeverPermanentOnes() throws Exception {
        try (LicmanServer server = start(); WireClient client = WireClient.connect(server.tcpAddress().getPort(), "alice", "ws1", null)) {
            assertThat(checkout(client, "yearly").hasGranted()).isTrue();

            clock.set(NOW.minus(Duration.ofHours(3)));
            ServerFrame held = checkout(client, "yearly");
            ServerFrame permanent = checkout(client, "perpetual");

            assertThat(held.getDenied().getReason()).isEqualTo(DenialReason.DENIAL_REASON_EXPIRED);
            assertThat(held.getDenied().getMessage()).contains("clock").contains("licman clock ack");
            assertThat(permanent.hasGranted()).isTrue();
        }
    }

    @Test
    void anNtpCorrectionOfMinutesDeniesNothing() throws Exception {
        try (LicmanServer server = start(); WireClient client = WireClient.connect(server.tcpAddress().getPort(), "alice", "ws1", null)) {
            assertThat(checkout(client, "yearly").hasGranted()).isTrue();

            clock.set(NOW.minus(Duration.ofMinutes(7)));

            assertThat(checkout(client, "yearly").hasGranted()).isTrue();
            assertThat(server.clockGuard().isSetBack()).isFalse();
        }
    }

    @Test
    void theHoldEndsWhenTheClockCatchesUp() throws Exception {
        try (LicmanServer server = start(); WireClient client = WireClient.connect(server.tcpAddress().getPort(), "alice", "ws1", null)) {
            checkout(client, "yearly");
            clock.set(NOW.minus(Duration.ofHours(2)));
            assertThat(checkout(client, "yearly").hasDenied()).isTrue();

            clock.set(NOW.minus(Duration.ofMinutes(30)));

            assertThat(checkout(client, "yearly").hasGranted()).isTrue();
        }
    }

    @Test
    void anAcknowledgementAcceptsTheNewTimeAndIsRecorded() throws Exception {
        try (LicmanServer server = start(); WireClient client = WireClient.connect(server.tcpAddress().getPort(), "alice", "ws1", null)) {
            checkout(client, "yearly");
            clock.set(NOW.minus(Duration.ofDays(30)));
            assertThat(checkout(client, "yearly").hasDenied()).isTrue();

            Path data = server.dataDirectory().root();
            Files.writeString(data.resolve(ClockGuard.ACK_FILE), "by root: battery died\n");
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (Files.exists(data.resolve(ClockGuard.ACK_FILE)) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }

            assertThat(checkout(client, "yearly").hasGranted()).isTrue();
            assertThat(Files.readString(data.resolve(ClockGuard.HISTORY_FILE))).contains("acknowledged").contains("battery died")
                    .contains(NOW.toString().substring(0, 10));
        }
    }

    @Test
    void theMarkSurvivesARestartSoAClockSetBackWhileStoppedIsNoticedAtStart() throws Exception {
        try (LicmanServer server = start()) {
            clock.set(NOW.plus(Duration.ofDays(2)));
            server.clockGuard().tick();
        }
        clock.set(NOW);
        try (LicmanServer server = start(); WireClient client = WireClient.connect(server.tcpAddress().getPort(), "alice", "ws1", null)) {
            assertThat(server.clockGuard().isSetBack()).isTrue();
            assertThat(checkout(client, "yearly").getDenied().getReason()).isEqualTo(DenialReason.DENIAL_REASON_EXPIRED);
            assertThat(checkout(client, "perpetual").hasGranted()).isTrue();
        }
    }

    /** A clock the test sets. */
    static final class SettableClock extends Clock {
        private volatile Instant now;

        SettableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
