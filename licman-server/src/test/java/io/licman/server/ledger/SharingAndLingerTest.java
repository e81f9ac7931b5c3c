package io.licman.server.ledger;

import static io.licman.server.ledger.Features.feature;
import static io.licman.server.ledger.LedgerHarness.denied;
import static io.licman.server.ledger.LedgerHarness.granted;
import static org.assertj.core.api.Assertions.assertThat;

import io.licman.core.license.Sharing;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SharingAndLingerTest {

    @Test
    void secondCheckoutBySameUserAndHostSharesTheSeat() {
        LedgerHarness h = new LedgerHarness(feature("cad", 1).sharing(Sharing.USER_HOST).build());
        Grant first = h.grant("cad", "alice", "ws1");
        Grant second = h.grant("cad", "alice", "ws1");
        assertThat(second.shared()).isTrue();
        assertThat(second.lease()).isNotEqualTo(first.lease());
        assertThat(h.events(LedgerEvent.Granted.class)).singleElement().satisfies(e -> assertThat(e.newSeats()).isZero());
        assertThat(h.used("cad")).isEqualTo(1);
    }

    @Test
    void sameUserOnAnotherHostDoesNotShareUnderUserPlusHost() {
        LedgerHarness h = new LedgerHarness(feature("cad", 1).sharing(Sharing.USER_HOST).build());
        h.grant("cad", "alice", "ws1");
        assertThat(denied(h.checkout("cad", "alice", "ws2")).reason()).isEqualTo(DenialReason.ALL_SEATS_IN_USE);
    }

    @Test
    void hostSharingLetsEveryUserOfTheHostShare() {
        LedgerHarness h = new LedgerHarness(feature("cad", 1).sharing(Sharing.HOST).build());
        h.grant("cad", "alice", "ws1");
        assertThat(h.grant("cad", "bob", "WS1").shared()).isTrue();
    }

    @Test
    void withoutSharingEveryCheckoutTakesItsOwnSeat() {
        LedgerHarness h = new LedgerHarness(feature("cad", 1).build());
        h.grant("cad", "alice", "ws1");
        assertThat(denied(h.checkout("cad", "alice", "ws1")).reason()).isEqualTo(DenialReason.ALL_SEATS_IN_USE);
    }

    @Test
    void sharedSeatIsFreedWhenTheLastMemberChecksIn() {
        LedgerHarness h = new LedgerHarness(feature("cad", 1).sharing(Sharing.USER_HOST).build());
        Grant a = h.grant("cad", "alice", "ws1");
        Grant b = h.grant("cad", "alice", "ws1");
        assertThat(h.checkin(a).result()).isEqualTo(new LedgerResult.CheckedIn(0, 0));
        assertThat(denied(h.checkout("cad", "bob", "ws2")).reason()).isEqualTo(DenialReason.ALL_SEATS_IN_USE);
        assertThat(h.checkin(b).result()).isEqualTo(new LedgerResult.CheckedIn(1, 0));
        h.grant("cad", "bob", "ws2");
    }

    @Test
    void lingeringSeatGoesBackToItsOwnerOnly() {
        LedgerHarness h = new LedgerHarness(feature("cad", 1).linger(Duration.ofMinutes(5)).build());
        Grant g = h.grant("cad", "alice", "ws1");
        LedgerResult.CheckedIn in = (LedgerResult.CheckedIn) h.checkin(g).result();
        assertThat(in.seatsFreed()).isZero();
        assertThat(in.lingerUntil()).isEqualTo(h.now + 300_000);
        assertThat(h.events(LedgerEvent.Lingering.class)).singleElement().satisfies(e -> assertThat(e.user()).isEqualTo("alice"));
        LedgerResult.Denied d = denied(h.checkout("cad", "bob", "ws2"));
        assertThat(d.reason()).isEqualTo(DenialReason.ALL_SEATS_IN_USE);
        assertThat(d.holders()).singleElement().satisfies(holder -> assertThat(holder.lingering()).isTrue());
        Grant back = h.grant("cad", "alice", "ws1");
        assertThat(back.reclaimedLinger()).isTrue();
        assertThat(h.events(LedgerEvent.Granted.class)).singleElement().satisfies(e -> assertThat(e.newSeats()).isZero());
        assertThat(h.ledger.lingering()).isEmpty();
    }

    @Test
    void lingeringSeatIsFreedWhenItsTimePasses() {
        LedgerHarness h = new LedgerHarness(feature("cad", 1).build());
        h.reload("LINGER cad 60\n", feature("cad", 1).build());
        h.checkin(h.grant("cad", "alice", "ws1"));
        h.advance(Duration.ofSeconds(60));
        assertThat(h.expire().result()).isEqualTo(new LedgerResult.Swept(0, 0, 1));
        assertThat(h.events(LedgerEvent.LingerEnded.class)).singleElement().satisfies(e -> assertThat(e.seats()).isEqualTo(1));
        h.grant("cad", "bob", "ws2");
    }

    @Test
    void lingerIsTheLargerOfLicenseAndOptions() {
        LedgerHarness h = new LedgerHarness();
        h.reload("LINGER cad 30\n", feature("cad", 1).linger(Duration.ofSeconds(90)).build());
        LedgerResult.CheckedIn in = (LedgerResult.CheckedIn) h.checkin(h.grant("cad", "alice", "ws1")).result();
        assertThat(in.lingerUntil()).isEqualTo(h.now + 90_000);
    }

    @Test
    void anExpiredLeaseDoesNotLinger() {
        LedgerHarness h = new LedgerHarness(feature("cad", 1).linger(Duration.ofMinutes(5)).build());
        h.grant("cad", "alice", "ws1");
        h.advance(Duration.ofMinutes(2));
        h.expire();
        assertThat(h.events(LedgerEvent.Expired.class)).singleElement().satisfies(e -> assertThat(e.seatsFreed()).isEqualTo(1));
        assertThat(h.ledger.lingering()).isEmpty();
    }
}
