package io.licman.server.ledger;

import static io.licman.server.ledger.Features.feature;
import static io.licman.server.ledger.LedgerHarness.granted;
import static io.licman.server.ledger.LedgerHarness.queued;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@link LedgerCommand.ExtendLeases}, which a newly elected leader sends before it serves. */
class LeaseExtensionTest {

    @Test
    void extendsEachLeaseByTheTimeWithoutALeaderPlusAGraceButNeverBeyondAFullTimeToLive() {
        LedgerHarness h = new LedgerHarness(feature("cad", 2).build());
        Grant a = h.grant("cad", "alice", "ws1");
        h.advance(Duration.ofSeconds(100));
        Grant b = h.grant("cad", "bob", "ws2");
        h.advance(Duration.ofSeconds(10));
        long ttl = LedgerSettings.DEFAULT_LEASE_TTL.toMillis();
        long aDeadline = h.ledger.leases().get(0).deadline();

        Applied applied = h.apply(new LedgerCommand.ExtendLeases(h.now));

        assertThat(applied.result()).isEqualTo(new LedgerResult.SessionRenewed(2, 0));
        assertThat(applied.events()).isEmpty();
        // 10 s since the last command (bob's grant) + the grace; bob's would pass now + TTL and stops there.
        assertThat(h.ledger.leases()).extracting(LeaseStatus::deadline)
                .containsExactly(aDeadline + 10_000 + LeaseExtension.GRACE_MILLIS, h.now + ttl);
        h.advance(Duration.ofMillis(aDeadline + 10_000 + LeaseExtension.GRACE_MILLIS - h.now));
        h.expire();
        assertThat(h.events(LedgerEvent.Expired.class)).extracting(LedgerEvent.Expired::lease).containsExactly(a.lease());
        h.advance(Duration.ofMillis(h.ledger.leases().get(0).deadline() - h.now));
        h.expire();
        assertThat(h.events(LedgerEvent.Expired.class)).extracting(LedgerEvent.Expired::lease).containsExactly(b.lease());
    }

    @Test
    void aLeaseNobodyRenewsStillEndsThoughLeadersChangeMoreOftenThanItsTimeToLive() {
        LedgerHarness h = new LedgerHarness(feature("cad", 1).build());
        Grant a = h.grant("cad", "alice", "ws1");
        int failovers = 0;
        while (true) {
            h.advance(Duration.ofSeconds(29));
            h.expire();
            if (h.ledger.leaseCount() == 0) {
                break;
            }
            assertThat(failovers).as("failovers every 30 s with a TTL of 120 s before the lease ended").isLessThan(20);
            h.advance(Duration.ofSeconds(1));
            h.apply(new LedgerCommand.ExtendLeases(h.now));
            failovers++;
        }

        assertThat(h.events(LedgerEvent.Expired.class)).extracting(LedgerEvent.Expired::lease).containsExactly(a.lease());
        System.out.println("a lease nobody renews ended after " + failovers + " failovers, " + (h.now - LedgerHarness.T0) / 1000 + " s");
    }

    @Test
    void revivesALeasePastItsDeadlineThatNoSweepEnded() {
        LedgerHarness h = new LedgerHarness(feature("cad", 1).build());
        Grant a = h.grant("cad", "alice", "ws1");
        h.advance(Duration.ofSeconds(150));
        h.apply(new LedgerCommand.ExtendLeases(h.now));
        h.expire();
        assertThat(h.ledger.leaseCount()).isEqualTo(1);
        assertThat(h.renew(a).result()).isInstanceOf(LedgerResult.Renewed.class);
    }

    @Test
    void neverShortensADeadline() {
        LedgerHarness h = new LedgerHarness(feature("cad", 1).build());
        h.grant("cad", "alice", "ws1");
        long before = h.ledger.leases().get(0).deadline();
        Applied applied = h.apply(new LedgerCommand.ExtendLeases(h.now - 10_000));
        assertThat(applied.result()).isEqualTo(new LedgerResult.SessionRenewed(0, 0));
        assertThat(h.ledger.leases().get(0).deadline()).isEqualTo(before);
    }

    @Test
    void leavesBorrowedLeasesAndLingeringSeatsAlone() {
        LedgerHarness h = new LedgerHarness(feature("cad", 2).maxBorrow(Duration.ofDays(3)).build());
        h.reload("LINGER cad 60\n", feature("cad", 2).maxBorrow(Duration.ofDays(3)).build());
        Grant borrowed = granted(h.checkout("cad", "alice", "laptop", r -> r.borrowFor(Duration.ofHours(2))));
        Grant lingering = h.grant("cad", "bob", "ws");
        h.checkin(lingering);
        h.advance(Duration.ofSeconds(30));
        assertThat(h.apply(new LedgerCommand.ExtendLeases(h.now)).result()).isEqualTo(new LedgerResult.SessionRenewed(0, 0));
        assertThat(h.ledger.leases()).singleElement().satisfies(l -> assertThat(l.deadline()).isEqualTo(borrowed.borrowedUntil()));
        h.advance(Duration.ofSeconds(30));
        h.expire();
        assertThat(h.events(LedgerEvent.LingerEnded.class)).hasSize(1);
    }

    @Test
    void extendsQueueTickets() {
        LedgerHarness h = new LedgerHarness(feature("cad", 1).build());
        h.grant("cad", "alice", "ws1");
        LedgerResult.Queued q = queued(h.checkout("cad", "bob", "ws2", r -> r.queueIfBusy(true)));
        h.advance(Duration.ofSeconds(110));
        assertThat(h.apply(new LedgerCommand.ExtendLeases(h.now)).result()).isEqualTo(new LedgerResult.SessionRenewed(1, 1));
        h.advance(Duration.ofSeconds(20));
        h.expire();
        assertThat(h.ledger.queue()).hasSize(1);
        assertThat(h.ledger.queue().get(0).ticket()).isEqualTo(q.ticket());
    }

    @Test
    void travelsThroughTheCodecAndKeepsReplicasEqual() {
        LedgerCommand command = new LedgerCommand.ExtendLeases(LedgerHarness.T0 + 5);
        assertThat(LedgerCommandCodec.decode(LedgerCommandCodec.encode(command))).isEqualTo(command);
        LedgerHarness h = new LedgerHarness(feature("cad", 3).build());
        h.grant("cad", "alice", "ws1");
        h.grant("cad", "bob", "ws2");
        Ledger replica = Ledger.restore(h.ledger.snapshot());
        h.advance(Duration.ofSeconds(42));
        h.apply(new LedgerCommand.ExtendLeases(h.now));
        replica.apply(LedgerCommandCodec.decode(LedgerCommandCodec.encode(new LedgerCommand.ExtendLeases(h.now))));
        assertThat(replica.snapshot()).isEqualTo(h.ledger.snapshot());
    }
}
