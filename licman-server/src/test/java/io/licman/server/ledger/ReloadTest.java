package io.licman.server.ledger;

import static io.licman.server.ledger.Features.feature;
import static io.licman.server.ledger.LedgerHarness.denied;
import static io.licman.server.ledger.LedgerHarness.granted;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReloadTest {

    @Test
    void reloadThatDropsAFeatureOrphansItsLeases() {
        LedgerHarness h = new LedgerHarness(feature("cad", 2).build(), feature("cam", 1).build());
        Grant g = h.grant("cad", "alice", "ws1");
        Applied a = h.reload("", feature("cam", 1).build());
        assertThat(((LedgerResult.Reloaded) a.result()).orphanedLeases()).isEqualTo(1);
        assertThat(h.events(LedgerEvent.Orphaned.class)).singleElement().satisfies(e -> assertThat(e.lease()).isEqualTo(g.lease()));
        assertThat(h.ledger.leases()).singleElement().satisfies(l -> assertThat(l.orphaned()).isTrue());
        assertThat(h.renew(g).result()).isInstanceOf(LedgerResult.Renewed.class);
        assertThat(denied(h.checkout("cad", "bob", "ws2")).reason()).isEqualTo(DenialReason.NO_SUCH_FEATURE);
        assertThat(h.checkin(g).result()).isEqualTo(new LedgerResult.CheckedIn(1, 0));
        assertThat(h.ledger.features()).extracting(FeatureStatus::feature).containsExactly("cam");
    }

    @Test
    void reloadKeepsLeasesOfPoolsThatStay() {
        LedgerHarness h = new LedgerHarness(feature("cad", 2).serial("A").build());
        Grant g = h.grant("cad", "alice", "ws1");
        Applied a = h.reload("", feature("cad", 3).serial("B").build());
        assertThat(((LedgerResult.Reloaded) a.result()).orphanedLeases()).isZero();
        assertThat(h.used("cad")).isEqualTo(1);
        h.grant("cad", "b", "ws");
        h.grant("cad", "c", "ws");
        assertThat(denied(h.checkout("cad", "d", "ws")).reason()).isEqualTo(DenialReason.ALL_SEATS_IN_USE);
        assertThat(h.checkin(g).result()).isEqualTo(new LedgerResult.CheckedIn(1, 0));
    }

    @Test
    void reloadThatShrinksTheCountRevokesNothingButDeniesUntilUsageFits() {
        LedgerHarness h = new LedgerHarness(feature("cad", 3).build());
        Grant a = h.grant("cad", "a", "ws");
        h.grant("cad", "b", "ws");
        h.grant("cad", "c", "ws");
        h.reload("", feature("cad", 1).build());
        assertThat(h.ledger.leaseCount()).isEqualTo(3);
        h.checkin(a);
        assertThat(denied(h.checkout("cad", "d", "ws")).reason()).isEqualTo(DenialReason.ALL_SEATS_IN_USE);
    }

    @Test
    void reloadGrantsQueuedRequestsTheNewSeatsAllow() {
        LedgerHarness h = new LedgerHarness(feature("cad", 1).build());
        h.grant("cad", "a", "ws");
        h.checkout("cad", "b", "ws", r -> r.queueIfBusy(true));
        h.reload("", feature("cad", 2).build());
        assertThat(h.events(LedgerEvent.QueueGranted.class)).hasSize(1);
    }

    @Test
    void reloadDeniesQueuedRequestsForAFeatureThatIsGone() {
        LedgerHarness h = new LedgerHarness(feature("cad", 1).build());
        h.grant("cad", "a", "ws");
        h.checkout("cad", "b", "ws", r -> r.queueIfBusy(true));
        h.reload("");
        assertThat(h.events(LedgerEvent.Dequeued.class)).singleElement().satisfies(e -> {
            assertThat(e.cause()).isEqualTo(LedgerEvent.DequeueCause.DENIED);
            assertThat(e.reason()).isEqualTo(DenialReason.NO_SUCH_FEATURE);
        });
    }

    @Test
    void reloadWithANewPolicyAppliesItToNewCheckouts() {
        LedgerHarness h = new LedgerHarness(feature("cad", 2).build());
        h.grant("cad", "bob", "ws");
        h.reload("EXCLUDE cad USER bob\n", feature("cad", 2).build());
        assertThat(h.ledger.leaseCount()).isEqualTo(1);
        assertThat(denied(h.checkout("cad", "bob", "ws")).reason()).isEqualTo(DenialReason.EXCLUDED_BY_POLICY);
    }

    @Test
    void reloadWarnsWhenReservationsExceedTheSeats() {
        LedgerHarness h = new LedgerHarness();
        Applied a = h.reload("RESERVE 3 cad USER alice\nMAX 1 cadd USER bob\n", feature("cad", 2).build());
        assertThat(((LedgerResult.Reloaded) a.result()).warnings())
                .anySatisfy(w -> assertThat(w).contains("reserve 3 seats of acme/cad, but only 2"))
                .anySatisfy(w -> assertThat(w).contains("names feature cadd"));
    }

    @Test
    void aBlockListedTwiceIsCountedOnce() {
        LedgerHarness h = new LedgerHarness();
        Applied a = h.reload("", feature("cad", 2).serial("A").build(), feature("cad", 2).serial("A").build());
        assertThat(((LedgerResult.Reloaded) a.result()).warnings()).singleElement().asString().contains("listed twice");
        assertThat(h.ledger.features().get(0).totalSeats()).isEqualTo(2);
    }

    @Test
    void anOrphanedPoolThatComesBackTakesItsLeasesBack() {
        LedgerHarness h = new LedgerHarness(feature("cad", 1).build());
        Grant g = h.grant("cad", "alice", "ws1");
        h.reload("");
        h.reload("", feature("cad", 1).build());
        assertThat(h.ledger.leases()).singleElement().satisfies(l -> assertThat(l.orphaned()).isFalse());
        assertThat(denied(h.checkout("cad", "bob", "ws2")).reason()).isEqualTo(DenialReason.ALL_SEATS_IN_USE);
        h.checkin(g);
        granted(h.checkout("cad", "bob", "ws2"));
    }
}
