package io.licman.client;

import io.licman.client.fake.FakeLicmanServer;
import io.licman.core.crypto.VendorPrivateKey;
import io.licman.core.hostid.HostId;
import io.licman.core.protocol.Endpoint;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Keys, a client configured for fast tests, polling and a recording listener. */
final class Fixtures {

    /** The vendor's key; applications embed its public half. */
    static final VendorPrivateKey ACME = VendorPrivateKey.generate("acme", "acme-test");
    /** A key with the same vendor name that the application does not trust. */
    static final VendorPrivateKey ROGUE = VendorPrivateKey.generate("acme", "acme-rogue");

    static final Duration WAIT = Duration.ofSeconds(5);

    private Fixtures() {
    }

    /** A client for {@code servers} with fixed identity, no environment, and short timeouts and backoff. */
    static LicenseClient.Builder client(FakeLicmanServer... servers) {
        LicenseClient.Builder builder = LicenseClient.builder();
        if (servers.length > 0) {
            builder.servers(Arrays.stream(servers).map(FakeLicmanServer::endpoint).toList());
        }
        return builder
                .vendorKey(ACME.publicKey())
                .user("alice")
                .host("ws17")
                .display(":0")
                .project("bridge")
                .hostIds(List.of(HostId.parse("mac:00:1a:2b:3c:4d:5e")))
                .environment(Map.of())
                .connectTimeout(Duration.ofMillis(500))
                .requestTimeout(Duration.ofSeconds(1))
                .reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(100));
    }

    /** Polls {@code condition} until true; fails after {@link #WAIT}. */
    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + WAIT + " waiting until " + what);
            }
            LockSupport.parkNanos(2_000_000);
        }
    }

    /** Records listener calls as short strings: {@code lost 1001 CONNECTION_LOST}, {@code server 1384@host}. */
    static final class RecordingListener implements LeaseListener {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void leaseLost(Lease lease, LeaseLoss loss) {
            events.add("lost " + lease.id() + " " + loss.cause());
        }

        @Override
        public void leaseRegained(Lease lease) {
            events.add("regained " + lease.id());
        }

        @Override
        public void leaseRevoked(Lease lease, LeaseLoss loss) {
            events.add("revoked " + lease.id() + " " + loss.cause() + " " + loss.message());
        }

        @Override
        public void serverChanged(Endpoint server) {
            events.add("server " + server);
        }

        List<String> events() {
            return List.copyOf(events);
        }
    }
}
