package io.licman.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.licman.core.protocol.v1.Checkout;
import io.licman.core.protocol.v1.ClientFrame;
import io.licman.core.protocol.v1.ServerFrame;
import io.licman.it.child.HoldSeat;
import io.licman.it.support.ChildJvm;
import io.licman.server.testing.TestServer;
import io.licman.server.testing.WireClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Licensed applications in their own processes that die or freeze for real: their seats come
 * back, at once for a process the kernel closed, after the lease TTL for one that fell silent.
 */
@Timeout(90)
class ClientCrashTest {

    static final Duration TTL = Duration.ofSeconds(6);

    @TempDir
    Path dir;
    TestServer server;
    Path vendorKey;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(dir, List.of(TestServer.feature("solver", 1).build()), null, b -> b.defaultLeaseTtl(TTL));
        vendorKey = Files.writeString(dir.resolve("acme.pub"), TestServer.VENDOR_KEY.publicKey().toFileText());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void killedClientProcessGivesItsSeatBackWithinTheTtl() throws Exception {
        try (ChildJvm app = ChildJvm.start(HoldSeat.class, server.port() + "@127.0.0.1", vendorKey.toString(), "solver", "carol");
             WireClient other = WireClient.connect(server.port(), "dave", "ws4", null)) {
            app.awaitLine("HELD", Duration.ofSeconds(30));
            assertThat(tryCheckout(other).hasDenied()).isTrue();

            long killedAt = System.nanoTime();
            app.kill();
            awaitSeat(other, TTL.plusSeconds(5));

            assertThat(Duration.ofNanos(System.nanoTime() - killedAt)).isLessThan(TTL.plusSeconds(5));
        }
    }

    @Test
    void frozenClientLosesItsSeatAfterTheTtlAndIsToldWhenItWakesUp() throws Exception {
        try (ChildJvm app = ChildJvm.start(HoldSeat.class, server.port() + "@127.0.0.1", vendorKey.toString(), "solver", "carol");
             WireClient other = WireClient.connect(server.port(), "dave", "ws4", null)) {
            app.awaitLine("HELD", Duration.ofSeconds(30));

            long frozenAt = System.nanoTime();
            app.freeze();
            awaitSeat(other, TTL.plusSeconds(10));
            Duration freed = Duration.ofNanos(System.nanoTime() - frozenAt);
            app.thaw();

            assertThat(freed).as("the seat waits for the TTL of a silent client").isGreaterThanOrEqualTo(TTL.minusSeconds(3));
            assertThat(app.awaitLine("LOST", Duration.ofSeconds(30))).contains("LOST");
        }
    }

    private static ServerFrame tryCheckout(WireClient client) throws Exception {
        return client.call(ClientFrame.newBuilder().setCheckout(Checkout.newBuilder().setVendor("acme").setFeature("solver")));
    }

    private static void awaitSeat(WireClient client, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (!tryCheckout(client).hasGranted()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the seat did not come back within " + within);
            }
            Thread.sleep(100);
        }
    }
}
