package io.licman.server.ledger;

import static io.licman.server.ledger.Features.feature;
import static io.licman.server.ledger.LedgerHarness.denied;
import static io.licman.server.ledger.LedgerHarness.granted;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BorrowAndRemoveTest {

    @Test
    void borrowedLeaseLastsTheBorrowPeriodWithoutHeartbeats() {
        LedgerHarness h = new LedgerHarness(feature("cad", 1).maxBorrow(Duration.ofDays(3)).build());
        Grant g = granted(h.checkout("cad", "alice", "laptop", r -> r.borrowFor(Duration.ofHours(48))));
        assertThat(g.borrowedUntil()).isEqualTo(h.now + Duration.ofHours(48).toMillis());
        assertThat(g.deadline()).isEqualTo(g.borrowedUntil());
        assertThat(g.heartbeatMillis()).isZero();
        assertThat(h.events(LedgerEvent.Borrowed.class)).hasSize(1);
        h.advance(Duration.ofHours(47));
        h.expire();
        assertThat(h.ledger.leaseCount()).isEqualTo(1);
        h.advance(Duration.ofHours(1));
        h.expire();
        assertThat(h.events(LedgerEvent.Expired.class)).singleElement().satisfies(e -> assertThat(e.lease()).isEqualTo(g.lease()));
    }

    @Test
    void borrowedLeaseMayBeReturnedEarly() {
        LedgerHarness h = new LedgerHarness(feature("cad", 1).maxBorrow(Duration.ofDays(3)).build());
        Grant g = granted(h.checkout("cad", "alice", "laptop", r -> r.borrowFor(Duration.ofHours(48))));
        h.advance(Duration.ofHours(5));
        h.checkin(g);
        assertThat(h.last.events()).hasExactlyElementsOfTypes(LedgerEvent.Returned.class, LedgerEvent.CheckedIn.class);
        h.grant("cad", "bob", "ws");
    }

    @Test
    void borrowLongerThanAllowedIsDenied() {
        LedgerHarness h = new LedgerHarness(feature("cad", 1).maxBorrow(Duration.ofDays(3)).build());
        LedgerResult.Denied d = denied(h.checkout("cad", "alice", "laptop", r -> r.borrowFor(Duration.ofDays(4))));
        assertThat(d.reason()).isEqualTo(DenialReason.BORROW_TOO_LONG);
        assertThat(d.message()).contains("72 h");
    }

    @Test
    void maxBorrowHoursShortensTheLicensedBorrowPeriod() {
        LedgerHarness h = new LedgerHarness();
        h.reload("MAX_BORROW_HOURS cad 24\n", feature("cad", 1).maxBorrow(Duration.ofDays(3)).build());
        assertThat(denied(h.checkout("cad", "alice", "laptop", r -> r.borrowFor(Duration.ofHours(25)))).reason())
                .isEqualTo(DenialReason.BORROW_TOO_LONG);
        granted(h.checkout("cad", "alice", "laptop", r -> r.borrowFor(Duration.ofHours(24))));
    }

    @Test
    void borrowingAFeatureWhoseLicenseForbidsItIsDenied() {
        LedgerHarness h = new LedgerHarness(feature("cad", 1).build());
        assertThat(denied(h.checkout("cad", "alice", "laptop", r -> r.borrowFor(Duration.ofHours(1)))).reason())
                .isEqualTo(DenialReason.BORROWING_NOT_ALLOWED);
    }

    @Test
    void administratorRemovesOneLease() {
        LedgerHarness h = new LedgerHarness(feature("cad", 2).build());
        Grant g = h.grant("cad", "alice", "ws1");
        h.grant("cad", "bob", "ws2");
        Applied a = h.apply(new LedgerCommand.Remove(h.now, LedgerCommand.RemoveScope.LEASE, g.lease().toString(), null));
        assertThat(a.result()).isEqualTo(new LedgerResult.RemovedLeases(java.util.List.of(g.lease())));
        assertThat(h.events(LedgerEvent.Removed.class)).singleElement().satisfies(e -> {
            assertThat(e.client().clientId()).isEqualTo("alice@ws1");
            assertThat(e.seatsFreed()).isEqualTo(1);
        });
        assertThat(denied(h.apply(new LedgerCommand.Remove(h.now, LedgerCommand.RemoveScope.LEASE, g.lease().toString(), null)))
                .reason()).isEqualTo(DenialReason.UNKNOWN_LEASE);
    }

    @Test
    void administratorRemovesEveryLeaseAndLingeringSeatOfAUser() {
        LedgerHarness h = new LedgerHarness(feature("cad", 3).linger(Duration.ofMinutes(10)).build(), feature("cam", 1).build());
        h.grant("cad", "alice", "ws1");
        h.checkin(h.grant("cad", "alice", "ws2"));
        h.grant("cam", "alice", "ws1");
        h.grant("cad", "bob", "ws3");
        Applied a = h.apply(new LedgerCommand.Remove(h.now, LedgerCommand.RemoveScope.USER, "alice", null));
        assertThat(((LedgerResult.RemovedLeases) a.result()).leases()).hasSize(2);
        assertThat(h.events(LedgerEvent.LingerEnded.class)).hasSize(1);
        assertThat(h.ledger.leases()).extracting(l -> l.client().user()).containsExactly("bob");
        assertThat(h.used("cad")).isEqualTo(1);
    }

    @Test
    void removalByHostCanBeLimitedToOneFeature() {
        LedgerHarness h = new LedgerHarness(feature("cad", 3).build(), feature("cam", 3).build());
        h.grant("cad", "alice", "WS1");
        h.grant("cam", "bob", "ws1");
        h.apply(new LedgerCommand.Remove(h.now, LedgerCommand.RemoveScope.HOST, "ws1", "cad"));
        assertThat(h.ledger.leases()).extracting(LeaseStatus::feature).containsExactly("cam");
    }

    @Test
    void removalFreesSeatsForTheQueueAtOnce() {
        LedgerHarness h = new LedgerHarness(feature("cad", 1).build());
        h.grant("cad", "alice", "ws1");
        h.checkout("cad", "bob", "ws2", r -> r.queueIfBusy(true));
        h.apply(new LedgerCommand.Remove(h.now, LedgerCommand.RemoveScope.CLIENT, "alice@ws1", null));
        assertThat(h.events(LedgerEvent.QueueGranted.class)).hasSize(1);
    }
}
