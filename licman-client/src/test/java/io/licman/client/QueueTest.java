package io.licman.client;

import static io.licman.client.Fixtures.ACME;
import static io.licman.client.Fixtures.WAIT;
import static io.licman.client.Fixtures.client;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.licman.client.fake.FakeLicmanServer;
import io.licman.core.protocol.v1.Checkout;
import io.licman.core.protocol.v1.ClientFrame.BodyCase;
import io.licman.core.protocol.v1.Denied;
import io.licman.core.protocol.v1.QueueDeniedPush;
import io.licman.core.protocol.v1.ServerFrame;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class QueueTest {

    private FakeLicmanServer server;
    private final AtomicReference<Checkout> queuedCheckout = new AtomicReference<>();

    @BeforeEach
    void startServer() throws Exception {
        server = FakeLicmanServer.start("lic1", ACME).heartbeatInterval(500);
        server.enqueueCheckout(c -> {
            queuedCheckout.set(c);
            return server.queued();
        });
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private static CheckoutRequest queueing(Duration wait) {
        return CheckoutRequest.builder("cad-pro").waitInQueue(wait).build();
    }

    @Test
    void queuedCheckoutCompletesWhenTheServerPushesTheGrant() throws Exception {
        try (LicenseClient client = client(server).build()) {
            CompletableFuture<Lease> pending = client.checkoutAsync(queueing(Duration.ofSeconds(10)));
            server.awaitFrame(BodyCase.CHECKOUT, WAIT);
            Fixtures.await("the ticket is in a heartbeat", () -> server.frames(BodyCase.HEARTBEAT).stream()
                    .anyMatch(f -> f.getHeartbeat().getQueueTicketsList().contains(server.lastTicket())));
            assertThat(pending).isNotDone();

            server.push(server.queueGrantedPush(server.lastTicket(), queuedCheckout.get()));

            Lease lease = pending.get(5, TimeUnit.SECONDS);
            assertThat(lease.isValid()).isTrue();
            assertThat(lease.feature()).isEqualTo("cad-pro");
            assertThat(client.leases()).containsExactly(lease);
        }
    }

    @Test
    void queuedCheckoutEndsWithTheServersQueueDenial() {
        try (LicenseClient client = client(server).build()) {
            CompletableFuture<Lease> pending = client.checkoutAsync(queueing(Duration.ofSeconds(10)));
            server.awaitFrame(BodyCase.CHECKOUT, WAIT);
            Fixtures.await("the ticket is known", () -> server.lastTicket() > 500);
            server.push(ServerFrame.newBuilder().setQueueDeniedPush(QueueDeniedPush.newBuilder()
                    .setTicketId(server.lastTicket())
                    .setDenied(Denied.newBuilder().setReason(io.licman.core.protocol.v1.DenialReason.DENIAL_REASON_LICENSE_REMOVED))));
            assertThatThrownBy(() -> pending.get(5, TimeUnit.SECONDS)).cause()
                    .isInstanceOfSatisfying(LicenseDeniedException.class,
                            e -> assertThat(e.reason()).isEqualTo(DenialReason.LICENSE_REMOVED));
        }
    }

    @Test
    void queuedCheckoutTimesOutWithQueueTimeoutAndLeavesTheQueue() {
        try (LicenseClient client = client(server).build()) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> client.checkout(queueing(Duration.ofMillis(300))))
                    .isInstanceOfSatisfying(LicenseDeniedException.class, e -> {
                        assertThat(e.reason()).isEqualTo(DenialReason.QUEUE_TIMEOUT);
                        assertThat(e.getMessage()).contains("in the queue");
                    });
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
            assertThat(server.awaitFrame(BodyCase.CANCEL_QUEUE, WAIT).getCancelQueue().getTicketId())
                    .isEqualTo(server.lastTicket());
        }
    }

    @Test
    void grantPushedAfterTheClientGaveUpIsReturnedAtOnce() {
        try (LicenseClient client = client(server).build()) {
            assertThatThrownBy(() -> client.checkout(queueing(Duration.ofMillis(100))))
                    .isInstanceOf(LicenseDeniedException.class);
            ServerFrame.Builder push = server.queueGrantedPush(server.lastTicket(), queuedCheckout.get());
            long granted = push.getQueueGrantedPush().getGranted().getLeaseId();
            server.push(push);
            assertThat(server.awaitFrame(BodyCase.CHECKIN, WAIT).getCheckin().getLeaseId()).isEqualTo(granted);
            assertThat(client.leases()).isEmpty();
        }
    }

    @Test
    void interruptedQueuedCheckoutLeavesTheQueueAndKeepsTheInterruptFlag() throws Exception {
        try (LicenseClient client = client(server).build()) {
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            AtomicReference<Boolean> flag = new AtomicReference<>();
            Thread waiter = new Thread(() -> {
                try {
                    client.checkout(queueing(Duration.ofSeconds(30)));
                } catch (Throwable t) {
                    thrown.set(t);
                    flag.set(Thread.currentThread().isInterrupted());
                }
            });
            waiter.start();
            Fixtures.await("the checkout is queued", () -> server.frames(BodyCase.HEARTBEAT).stream()
                    .anyMatch(f -> f.getHeartbeat().getQueueTicketsCount() == 1));
            waiter.interrupt();
            waiter.join(5_000);
            assertThat(thrown.get()).isInstanceOf(java.util.concurrent.CancellationException.class);
            assertThat(flag.get()).isTrue();
            assertThat(server.awaitFrame(BodyCase.CANCEL_QUEUE, WAIT).getCancelQueue().getTicketId())
                    .isEqualTo(server.lastTicket());
        }
    }

    @Test
    void closingTheClientLeavesTheQueueAndEndsTheWaitingCheckout() {
        LicenseClient client = client(server).build();
        CompletableFuture<Lease> pending = client.checkoutAsync(queueing(Duration.ofSeconds(30)));
        server.awaitFrame(BodyCase.CHECKOUT, WAIT);
        Fixtures.await("the ticket is in a heartbeat", () -> server.frames(BodyCase.HEARTBEAT).stream()
                .anyMatch(f -> f.getHeartbeat().getQueueTicketsCount() == 1));
        client.close();
        assertThat(server.frames(BodyCase.CANCEL_QUEUE)).hasSize(1);
        assertThatThrownBy(() -> pending.get(5, TimeUnit.SECONDS)).cause().isInstanceOf(IllegalStateException.class);
    }
}
