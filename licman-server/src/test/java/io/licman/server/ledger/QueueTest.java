package io.licman.server.ledger;

import static io.licman.server.ledger.Features.feature;
import static io.licman.server.ledger.LedgerHarness.denied;
import static io.licman.server.ledger.LedgerHarness.granted;
import static io.licman.server.ledger.LedgerHarness.queued;
import static org.assertj.core.api.Assertions.assertThat;

import io.licman.core.license.Version;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class QueueTest {

    @Test
    void busyCheckoutThatAsksToQueueIsQueued() {
        LedgerHarness h = new LedgerHarness(feature("cad", 1).build());
        h.grant("cad", "alice", "ws1");
        LedgerResult.Queued q = queued(h.checkout("cad", "bob", "ws2", r -> r.queueIfBusy(true)));
        assertThat(q.position()).isEqualTo(1);
        assertThat(q.heartbeatMillis()).isEqualTo(40_000);
        assertThat(h.events(LedgerEvent.Queued.class)).hasSize(1);
        assertThat(h.ledger.queue()).singleElement().satisfies(e -> assertThat(e.request().client().user()).isEqualTo("bob"));
    }

    @Test
    void queuedRequestIsGrantedInTheCommandThatFreesTheSeat() {
        LedgerHarness h = new LedgerHarness(feature("cad", 1).build());
        Grant alice = h.grant("cad", "alice", "ws1");
        LedgerResult.Queued q = queued(h.checkout("cad", "bob", "ws2", r -> r.queueIfBusy(true)));
        h.checkin(alice);
        assertThat(h.events(LedgerEvent.QueueGranted.class)).singleElement().satisfies(e -> {
            assertThat(e.ticket()).isEqualTo(q.ticket());
            assertThat(e.clientId()).isEqualTo("bob@ws2");
            assertThat(e.grant().feature()).isEqualTo("cad");
        });
        assertThat(h.events(LedgerEvent.Granted.class)).singleElement().satisfies(e -> assertThat(e.ticket()).isEqualTo(q.ticket()));
        assertThat(h.ledger.queue()).isEmpty();
        assertThat(h.ledger.leases()).extracting(l -> l.client().user()).containsExactly("bob");
    }

    @Test
    void anExpiredLeaseAlsoGrantsTheQueueInTheSameSweep() {
        LedgerHarness h = new LedgerHarness(feature("cad", 1).build());
        h.grant("cad", "alice", "ws1");
        h.checkout("cad", "bob", "ws2", r -> r.queueIfBusy(true));
        h.advance(Duration.ofSeconds(100));
        h.apply(new LedgerCommand.RenewSession(h.now, "bob@ws2"));
        h.advance(Duration.ofSeconds(30));
        h.expire();
        assertThat(h.events(LedgerEvent.QueueGranted.class)).hasSize(1);
    }

    @Test
    void laterRequestDoesNotJumpAheadOfAnEarlierQueuedOne() {
        LedgerHarness h = new LedgerHarness(feature("cad", 3).build());
        Grant a = h.grant("cad", "a", "ws");
        h.grant("cad", "b", "ws");
        h.grant("cad", "c", "ws");
        queued(h.checkout("cad", "big", "ws", r -> r.withCount(2).queueIfBusy(true)));
        h.checkin(a);
        assertThat(h.events(LedgerEvent.QueueGranted.class)).isEmpty();
        LedgerResult.Denied d = denied(h.checkout("cad", "small", "ws"));
        assertThat(d.reason()).isEqualTo(DenialReason.ALL_SEATS_IN_USE);
        assertThat(d.message()).contains("queued");
        assertThat(queued(h.checkout("cad", "small", "ws", r -> r.queueIfBusy(true))).position()).isEqualTo(2);
    }

    @Test
    void aRequestForAnotherPoolIsNotHeldBackByTheQueue() {
        LedgerHarness h = new LedgerHarness(feature("cad", 1).build(), feature("cad", 1).version("2.0").build());
        CheckoutRequest v2 = CheckoutRequest.of("acme", "cad", Version.parse("2.0"), LedgerHarness.client("x", "ws"));
        granted(h.checkout(v2));
        queued(h.checkout(v2.withClient(LedgerHarness.client("y", "ws")).queueIfBusy(true)));
        Grant v1 = h.grant("cad", "z", "ws");
        assertThat(v1.version()).hasToString("1.0");
    }

    @Test
    void queueIsServedInArrivalOrder() {
        LedgerHarness h = new LedgerHarness(feature("cad", 1).build());
        Grant holder = h.grant("cad", "a", "ws");
        LedgerResult.Queued first = queued(h.checkout("cad", "b", "ws", r -> r.queueIfBusy(true)));
        queued(h.checkout("cad", "c", "ws", r -> r.queueIfBusy(true)));
        h.checkin(holder);
        assertThat(h.events(LedgerEvent.QueueGranted.class)).singleElement().satisfies(e -> assertThat(e.ticket()).isEqualTo(first.ticket()));
        assertThat(h.ledger.queue()).singleElement().satisfies(e -> assertThat(e.position()).isEqualTo(1));
    }

    @Test
    void requestThatCouldNeverBeSatisfiedIsDeniedInsteadOfQueued() {
        LedgerHarness h = new LedgerHarness();
        h.reload("MAX 1 cad USER alice\n", feature("cad", 5).build());
        LedgerResult.Denied d = denied(h.checkout("cad", "alice", "ws1", r -> r.withCount(2).queueIfBusy(true)));
        assertThat(d.reason()).isEqualTo(DenialReason.USER_MAX_REACHED);
        assertThat(h.ledger.queue()).isEmpty();
    }

    @Test
    void queuedRequestExpiresWhenItsClientStopsHeartbeating() {
        LedgerHarness h = new LedgerHarness(feature("cad", 1).build());
        h.grant("cad", "alice", "ws1");
        LedgerResult.Queued q = queued(h.checkout("cad", "bob", "ws2", r -> r.queueIfBusy(true)));
        h.advance(Duration.ofSeconds(100));
        h.apply(new LedgerCommand.RenewSession(h.now, "alice@ws1"));
        h.advance(Duration.ofSeconds(20));
        assertThat(h.expire().result()).isEqualTo(new LedgerResult.Swept(0, 1, 0));
        assertThat(h.events(LedgerEvent.Dequeued.class)).singleElement().satisfies(e -> {
            assertThat(e.ticket()).isEqualTo(q.ticket());
            assertThat(e.cause()).isEqualTo(LedgerEvent.DequeueCause.EXPIRED);
        });
    }

    @Test
    void renewingATicketKeepsTheRequestQueued() {
        LedgerHarness h = new LedgerHarness(feature("cad", 1).build());
        h.grant("cad", "alice", "ws1");
        LedgerResult.Queued q = queued(h.checkout("cad", "bob", "ws2", r -> r.queueIfBusy(true)));
        h.advance(Duration.ofSeconds(100));
        assertThat(h.apply(new LedgerCommand.RenewTicket(h.now, q.ticket(), q.secret())).result())
                .isEqualTo(new LedgerResult.Renewed(h.now + 120_000, 40_000));
        assertThat(denied(h.apply(new LedgerCommand.RenewTicket(h.now, q.ticket(), Secret.of(new byte[16])))).reason())
                .isEqualTo(DenialReason.WRONG_SECRET);
    }

    @Test
    void leavingTheQueueLetsTheNextOneThrough() {
        LedgerHarness h = new LedgerHarness(feature("cad", 3).build());
        h.grant("cad", "a", "ws");
        h.grant("cad", "b", "ws");
        LedgerResult.Queued big = queued(h.checkout("cad", "big", "ws", r -> r.withCount(2).queueIfBusy(true)));
        queued(h.checkout("cad", "small", "ws", r -> r.queueIfBusy(true)));
        h.apply(new LedgerCommand.LeaveQueue(h.now, big.ticket(), big.secret()));
        assertThat(h.last.result()).isEqualTo(new LedgerResult.LeftQueue());
        assertThat(h.events(LedgerEvent.QueueGranted.class)).singleElement()
                .satisfies(e -> assertThat(e.clientId()).isEqualTo("small@ws"));
    }

    @Test
    void aUserAtTheirMaxDoesNotHoldBackOthers() {
        LedgerHarness h = new LedgerHarness();
        h.reload("MAX 1 cad USER alice\n", feature("cad", 3).build());
        h.grant("cad", "alice", "ws1");
        queued(h.checkout("cad", "alice", "ws1", r -> r.queueIfBusy(true)));
        h.grant("cad", "bob", "ws2");
    }
}
