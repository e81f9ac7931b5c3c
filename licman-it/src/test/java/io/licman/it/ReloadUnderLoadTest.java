package io.licman.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.licman.client.Lease;
import io.licman.client.LeaseListener;
import io.licman.client.LeaseLoss;
import io.licman.client.LicenseClient;
import io.licman.client.LicenseDeniedException;
import io.licman.core.protocol.v1.ClientFrame;
import io.licman.core.protocol.v1.ReloadReply;
import io.licman.core.protocol.v1.ReloadRequest;
import io.licman.server.testing.TestServer;
import io.licman.server.testing.WireClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Reloading licenses while clients check seats in and out drops no session and loses no lease. */
@Timeout(120)
class ReloadUnderLoadTest {

    @TempDir
    Path dir;

    @Test
    void reloadsUnderLoadLoseNoSessionAndNoLease() throws Exception {
        try (TestServer server = TestServer.start(dir, TestServer.feature("cad-pro", 8).build())) {
            Queue<String> losses = new ConcurrentLinkedQueue<>();
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger cycles = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(6);
            List<LicenseClient> clients = new ArrayList<>();
            List<Future<?>> workers = new ArrayList<>();
            List<Lease> longHeld = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String user = "user" + i;
                LicenseClient client = LicenseClient.builder().servers(server.port() + "@127.0.0.1").vendorKey(TestServer.VENDOR_KEY.publicKey())
                        .user(user).host("ws" + i).listener(new LeaseListener() {
                            @Override
                            public void leaseLost(Lease lease, LeaseLoss loss) {
                                losses.add(user + " lost " + loss);
                            }

                            @Override
                            public void leaseRevoked(Lease lease, LeaseLoss loss) {
                                losses.add(user + " revoked " + loss);
                            }
                        }).build();
                clients.add(client);
                longHeld.add(client.checkout("cad-pro", "2.0"));
            }
            // Every client holds its long-lived seat before any of them starts cycling the other two.
            for (LicenseClient client : clients) {
                workers.add(pool.submit(() -> {
                    while (running.get()) {
                        try (Lease lease = client.checkout("cad-pro", "2.0")) {
                            cycles.incrementAndGet();
                        } catch (LicenseDeniedException busy) {
                            Thread.onSpinWait();
                        }
                    }
                    return null;
                }));
            }
            try (WireClient admin = WireClient.connect(server.port(), "root", "srv", server.adminToken())) {
                for (int i = 0; i < 10; i++) {
                    int seats = i % 2 == 0 ? 10 : 8;
                    TestServer.writeLicense(server.licenseFile(), List.of(TestServer.feature("cad-pro", seats).build()));
                    ReloadReply reply = admin.call(ClientFrame.newBuilder().setReloadRequest(ReloadRequest.getDefaultInstance())).getReloadReply();
                    assertThat(reply.getApplied()).as("reload %d", i).isTrue();
                    int before = cycles.get();
                    while (cycles.get() < before + 20) {
                        Thread.onSpinWait();
                    }
                }
            }
            running.set(false);
            for (Future<?> worker : workers) {
                worker.get();
            }
            pool.shutdown();

            assertThat(losses).isEmpty();
            assertThat(longHeld).allSatisfy(lease -> assertThat(lease.isValid()).isTrue());
            assertThat(cycles.get()).isGreaterThan(200);
            for (LicenseClient client : clients) {
                client.close();
            }
        }
    }
}
