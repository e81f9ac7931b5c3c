package io.licman.server.ledger;

import static io.licman.server.ledger.Features.feature;
import static io.licman.server.ledger.Features.uncounted;
import static io.licman.server.ledger.LedgerHarness.client;
import static io.licman.server.ledger.LedgerHarness.denied;
import static io.licman.server.ledger.LedgerHarness.granted;
import static org.assertj.core.api.Assertions.assertThat;

import io.licman.core.hostid.HostId;
import io.licman.core.license.HostBinding;
import io.licman.core.license.Version;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CheckoutRulesTest {

    @Test
    void checkoutIsGrantedWithDeadlineHeartbeatAndTheGrantingBlock() {
        LedgerHarness h = new LedgerHarness(feature("cad", 3).build());
        Grant g = h.grant("cad", "alice", "ws1");
        assertThat(g.deadline()).isEqualTo(LedgerHarness.T0 + 120_000);
        assertThat(g.heartbeatMillis()).isEqualTo(40_000);
        assertThat(g.blocks()).singleElement().satisfies(b -> assertThat(b.name()).isEqualTo("cad"));
        assertThat(g.seats()).isEqualTo(1);
        assertThat(h.events(LedgerEvent.Granted.class)).singleElement()
                .satisfies(e -> assertThat(e.newSeats()).isEqualTo(1));
        assertThat(h.used("cad")).isEqualTo(1);
    }

    @Test
    void fourthCheckoutOfThreeSeatsIsDeniedWithHolders() {
        LedgerHarness h = new LedgerHarness(feature("cad", 3).build());
        h.grant("cad", "alice", "ws1");
        h.grant("cad", "bob", "ws2");
        h.grant("cad", "carol", "ws3");
        LedgerResult.Denied d = denied(h.checkout("cad", "dave", "ws4"));
        assertThat(d.reason()).isEqualTo(DenialReason.ALL_SEATS_IN_USE);
        assertThat(d.message()).contains("all 3 seats");
        assertThat(d.holders()).extracting(Holder::user).containsExactly("alice", "bob", "carol");
        assertThat(h.events(LedgerEvent.Denied.class)).singleElement()
                .satisfies(e -> assertThat(e.reason()).isEqualTo(DenialReason.ALL_SEATS_IN_USE));
    }

    @Test
    void holdersAreHiddenWhenThePolicySaysSo() {
        LedgerHarness h = new LedgerHarness();
        h.reload("SHOW_HOLDERS OFF\n", feature("cad", 1).build());
        h.grant("cad", "alice", "ws1");
        assertThat(denied(h.checkout("cad", "bob", "ws2")).holders()).isEmpty();
    }

    @Test
    void checkinFreesTheSeatForOthers() {
        LedgerHarness h = new LedgerHarness(feature("cad", 1).build());
        Grant g = h.grant("cad", "alice", "ws1");
        assertThat(h.checkin(g).result()).isEqualTo(new LedgerResult.CheckedIn(1, 0));
        h.grant("cad", "bob", "ws2");
    }

    @Test
    void checkinWithTheWrongSecretIsDeniedAndKeepsTheLease() {
        LedgerHarness h = new LedgerHarness(feature("cad", 1).build());
        Grant g = h.grant("cad", "alice", "ws1");
        Applied a = h.apply(new LedgerCommand.Checkin(h.now, g.lease(), Secret.of(new byte[16])));
        assertThat(denied(a).reason()).isEqualTo(DenialReason.WRONG_SECRET);
        assertThat(h.ledger.leaseCount()).isEqualTo(1);
    }

    @Test
    void renewExtendsTheDeadlineByTheTimeToLive() {
        LedgerHarness h = new LedgerHarness(feature("cad", 1).build());
        Grant g = h.grant("cad", "alice", "ws1");
        h.advance(Duration.ofSeconds(100));
        assertThat(h.renew(g).result()).isEqualTo(new LedgerResult.Renewed(h.now + 120_000, 40_000));
        h.advance(Duration.ofSeconds(100));
        h.expire();
        assertThat(h.ledger.leaseCount()).isEqualTo(1);
    }

    @Test
    void renewWithTheWrongSecretIsDenied() {
        LedgerHarness h = new LedgerHarness(feature("cad", 1).build());
        Grant g = h.grant("cad", "alice", "ws1");
        Applied a = h.apply(new LedgerCommand.RenewLease(h.now, g.lease(), Secret.parse("00112233445566778899aabbccddeeff")));
        assertThat(denied(a).reason()).isEqualTo(DenialReason.WRONG_SECRET);
    }

    @Test
    void leaseThatIsNotRenewedExpiresAtItsDeadlineAndFreesItsSeat() {
        LedgerHarness h = new LedgerHarness(feature("cad", 1).build());
        Grant g = h.grant("cad", "alice", "ws1");
        h.advance(Duration.ofMillis(119_999));
        assertThat(h.expire().result()).isEqualTo(new LedgerResult.Swept(0, 0, 0));
        h.advance(Duration.ofMillis(1));
        assertThat(h.expire().result()).isEqualTo(new LedgerResult.Swept(1, 0, 0));
        assertThat(h.events(LedgerEvent.Expired.class)).singleElement().satisfies(e -> {
            assertThat(e.lease()).isEqualTo(g.lease());
            assertThat(e.seatsFreed()).isEqualTo(1);
        });
        assertThat(denied(h.renew(g)).reason()).isEqualTo(DenialReason.UNKNOWN_LEASE);
    }

    @Test
    void renewAfterTheDeadlineIsTooLateEvenBeforeTheSweep() {
        LedgerHarness h = new LedgerHarness(feature("cad", 1).build());
        Grant g = h.grant("cad", "alice", "ws1");
        h.advance(Duration.ofSeconds(121));
        assertThat(denied(h.renew(g)).reason()).isEqualTo(DenialReason.LEASE_EXPIRED);
    }

    @Test
    void sessionRenewalExtendsEveryLeaseOfTheSession() {
        LedgerHarness h = new LedgerHarness(feature("cad", 2).build(), feature("cam", 1).build());
        h.grant("cad", "alice", "ws1");
        h.grant("cam", "alice", "ws1");
        h.grant("cad", "bob", "ws2");
        h.advance(Duration.ofSeconds(100));
        assertThat(h.apply(new LedgerCommand.RenewSession(h.now, "alice@ws1")).result())
                .isEqualTo(new LedgerResult.SessionRenewed(2, 0));
        h.advance(Duration.ofSeconds(30));
        h.expire();
        assertThat(h.ledger.leases()).extracting(l -> l.client().user()).containsExactly("alice", "alice");
    }

    @Test
    void checkoutCostsTokensTimesCount() {
        LedgerHarness h = new LedgerHarness(feature("sim", 10).tokens(3).build());
        Grant g = granted(h.checkout("sim", "alice", "ws1", r -> r.withCount(2)));
        assertThat(g.seats()).isEqualTo(6);
        assertThat(h.used("sim")).isEqualTo(6);
        assertThat(denied(h.checkout("sim", "bob", "ws2", r -> r.withCount(2))).reason()).isEqualTo(DenialReason.ALL_SEATS_IN_USE);
        granted(h.checkout("sim", "bob", "ws2"));
    }

    @Test
    void requestLargerThanThePoolCouldEverGiveIsDeniedTooManyTokens() {
        LedgerHarness h = new LedgerHarness(feature("sim", 4).tokens(3).overdraft(1).build());
        LedgerResult.Denied d = denied(h.checkout("sim", "alice", "ws1", r -> r.withCount(2).queueIfBusy(true)));
        assertThat(d.reason()).isEqualTo(DenialReason.TOO_MANY_TOKENS);
        assertThat(h.ledger.queue()).isEmpty();
    }

    @Test
    void blocksWithTheSameAttributesAddUpLikeIncrementLines() {
        LedgerHarness h = new LedgerHarness(feature("cad", 2).serial("A").build(), feature("cad", 3).serial("B").build());
        assertThat(h.ledger.features()).singleElement().satisfies(f -> {
            assertThat(f.pools()).hasSize(1);
            assertThat(f.totalSeats()).isEqualTo(5);
        });
        for (int i = 0; i < 5; i++) {
            h.grant("cad", "u" + i, "ws");
        }
        assertThat(denied(h.checkout("cad", "u5", "ws")).reason()).isEqualTo(DenialReason.ALL_SEATS_IN_USE);
    }

    @Test
    void blocksWithDifferentVersionsOrExpiryStayDistinctPools() {
        LedgerHarness h = new LedgerHarness(feature("cad", 1).build(), feature("cad", 1).version("2.0").build(),
                feature("cad", 1).expires(LocalDate.of(2027, 1, 31)).build());
        assertThat(h.ledger.features().get(0).pools()).hasSize(3);
    }

    @Test
    void checkoutTakesTheLowestSatisfyingVersionThenTheEarliestExpiry() {
        LedgerHarness h = new LedgerHarness(
                feature("cad", 1).version("3.0").build(),
                feature("cad", 1).version("2.0").build(),
                feature("cad", 1).version("2.0").expires(LocalDate.of(2026, 12, 31)).build());
        CheckoutRequest v2 = LedgerHarness.request("cad", "alice", "ws1").withClient(client("alice", "ws1"));
        v2 = new CheckoutRequest("acme", "cad", Version.parse("2.0"), 1, v2.client(), List.of(), false, Duration.ZERO);
        Grant first = granted(h.checkout(v2));
        assertThat(first.version()).hasToString("2.0");
        assertThat(first.blocks().get(0).expires()).contains(LocalDate.of(2026, 12, 31));
        Grant second = granted(h.checkout(v2.withClient(client("bob", "ws2"))));
        assertThat(second.version()).hasToString("2.0");
        assertThat(second.blocks().get(0).isPermanent()).isTrue();
        assertThat(granted(h.checkout(v2.withClient(client("carol", "ws3")))).version()).hasToString("3.0");
    }

    @Test
    void versionTooLowIsDenied() {
        LedgerHarness h = new LedgerHarness(feature("cad", 1).build());
        CheckoutRequest r = CheckoutRequest.of("acme", "cad", Version.parse("2.0"), client("alice", "ws1"));
        LedgerResult.Denied d = denied(h.checkout(r));
        assertThat(d.reason()).isEqualTo(DenialReason.VERSION_TOO_LOW);
        assertThat(d.message()).contains("version 1.0").contains("2.0");
    }

    @Test
    void expiredAndNotYetValidFeaturesAreDenied() {
        LedgerHarness h = new LedgerHarness(
                feature("old", 1).expires(LocalDate.of(2026, 5, 31)).build(),
                feature("new", 1).start(LocalDate.of(2026, 6, 2)).build());
        assertThat(denied(h.checkout("old", "alice", "ws1")).reason()).isEqualTo(DenialReason.EXPIRED);
        assertThat(denied(h.checkout("new", "alice", "ws1")).reason()).isEqualTo(DenialReason.NOT_YET_VALID);
        h.advance(Duration.ofDays(1));
        granted(h.checkout("new", "alice", "ws1"));
    }

    @Test
    void theFeatureIsValidToTheEndOfItsExpiryDay() {
        LedgerHarness h = new LedgerHarness(feature("cad", 1).expires(LocalDate.of(2026, 6, 1)).build());
        h.advance(Duration.ofHours(23));
        granted(h.checkout("cad", "alice", "ws1"));
        h.advance(Duration.ofHours(1));
        assertThat(denied(h.checkout("cad", "bob", "ws2")).reason()).isEqualTo(DenialReason.EXPIRED);
    }

    @Test
    void unknownFeatureIsDenied() {
        LedgerHarness h = new LedgerHarness(feature("cad", 1).build());
        assertThat(denied(h.checkout("cam", "alice", "ws1")).reason()).isEqualTo(DenialReason.NO_SUCH_FEATURE);
    }

    @Test
    void overdraftSeatsAreGrantedAndFlagged() {
        LedgerHarness h = new LedgerHarness(feature("cad", 1).overdraft(1).build());
        assertThat(h.grant("cad", "alice", "ws1").overdraftSeats()).isZero();
        Grant over = h.grant("cad", "bob", "ws2");
        assertThat(over.overdraftSeats()).isEqualTo(1);
        assertThat(h.events(LedgerEvent.OverdraftUsed.class)).singleElement()
                .satisfies(e -> assertThat(e.overdraftSeats()).isEqualTo(1));
        assertThat(h.ledger.features().get(0).pools().get(0).overdraftInUse()).isEqualTo(1);
        assertThat(denied(h.checkout("cad", "carol", "ws3")).reason()).isEqualTo(DenialReason.ALL_SEATS_IN_USE);
    }

    @Test
    void maxOverdraftLimitsTheOverdraftAFeatureUses() {
        LedgerHarness h = new LedgerHarness();
        h.reload("MAX_OVERDRAFT cad 1\n", feature("cad", 1).overdraft(5).build());
        h.grant("cad", "a", "ws");
        h.grant("cad", "b", "ws");
        assertThat(denied(h.checkout("cad", "c", "ws")).reason()).isEqualTo(DenialReason.ALL_SEATS_IN_USE);
    }

    @Test
    void maxOverdraftCapsTheOverdraftOfSeveralPoolsTogether() {
        LedgerHarness h = new LedgerHarness();
        h.reload("MAX_OVERDRAFT cad 1\n", feature("cad", 1).build(),
                feature("cad", 1).version("2.0").overdraft(1).build(),
                feature("cad", 1).version("2.0").overdraft(1).expires(LocalDate.of(2027, 1, 1)).build());
        CheckoutRequest v2 = CheckoutRequest.of("acme", "cad", Version.parse("2.0"), client("a", "ws"));
        granted(h.checkout(v2));
        granted(h.checkout(v2.withClient(client("b", "ws"))));
        assertThat(granted(h.checkout(v2.withClient(client("c", "ws")))).overdraftSeats()).isEqualTo(1);
        assertThat(denied(h.checkout(v2.withClient(client("d", "ws")))).reason()).isEqualTo(DenialReason.ALL_SEATS_IN_USE);
        assertThat(granted(h.checkout("cad", "e", "ws")).version()).hasToString("1.0");
    }

    @Test
    void countedSeatsAreUsedBeforeOverdraftOfAnotherPool() {
        LedgerHarness h = new LedgerHarness(feature("cad", 1).overdraft(1).build(), feature("cad", 1).version("2.0").build());
        h.grant("cad", "a", "ws");
        Grant second = h.grant("cad", "b", "ws");
        assertThat(second.version()).hasToString("2.0");
        assertThat(second.overdraftSeats()).isZero();
        assertThat(h.grant("cad", "c", "ws").overdraftSeats()).isEqualTo(1);
    }

    @Test
    void uncountedFeatureGrantsWithoutLimit() {
        LedgerHarness h = new LedgerHarness(uncounted("viewer").build());
        for (int i = 0; i < 50; i++) {
            h.grant("viewer", "u" + i, "ws" + i);
        }
        assertThat(h.ledger.leaseCount()).isEqualTo(50);
    }

    @Test
    void nodeLockedFeatureChecksTheClientsHostIds() {
        HostId mine = HostId.parse("mac:00:1a:2b:3c:4d:5e");
        HostId other = HostId.parse("mac:00:1a:2b:3c:4d:5f");
        LedgerHarness h = new LedgerHarness(uncounted("cad").host(HostBinding.client(List.of(mine))).build());
        LedgerResult.Denied d = denied(h.checkout("cad", "alice", "ws1", r -> r.withHostIds(List.of(other))));
        assertThat(d.reason()).isEqualTo(DenialReason.HOST_BINDING_MISMATCH);
        assertThat(denied(h.checkout("cad", "alice", "ws1")).reason()).isEqualTo(DenialReason.HOST_BINDING_MISMATCH);
        granted(h.checkout("cad", "alice", "ws1", r -> r.withHostIds(List.of(other, mine))));
    }

    @Test
    void featureBoundToAnotherServerIsNotServed() {
        HostId here = HostId.parse("hostname:lic1");
        HostId there = HostId.parse("hostname:lic2");
        LedgerHarness h = new LedgerHarness();
        Applied reload = h.reload("", List.of(here), feature("cad", 5).host(HostBinding.server(List.of(there))).build(),
                feature("cam", 5).host(HostBinding.server(List.of(here))).build());
        assertThat(((LedgerResult.Reloaded) reload.result()).warnings()).anySatisfy(w -> assertThat(w).contains("not served"));
        assertThat(denied(h.checkout("cad", "alice", "ws1")).reason()).isEqualTo(DenialReason.HOST_BINDING_MISMATCH);
        granted(h.checkout("cam", "alice", "ws1"));
    }

    @Test
    void leaseIdsAreUniqueAndSecretsDiffer() {
        LedgerHarness h = new LedgerHarness(uncounted("viewer").build());
        Set<LeaseId> ids = new HashSet<>();
        Set<Secret> secrets = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            Grant g = h.grant("viewer", "u" + i, "ws");
            ids.add(g.lease());
            secrets.add(g.secret());
        }
        assertThat(ids).hasSize(200);
        assertThat(secrets).hasSize(200);
        assertThat(secrets.iterator().next().toString()).doesNotContainPattern("[0-9a-f]{8}");
    }

    @Test
    void theLedgerClockNeverGoesBackwards() {
        LedgerHarness h = new LedgerHarness(feature("cad", 1).build());
        Grant g = h.grant("cad", "alice", "ws1");
        h.now = LedgerHarness.T0 - 3_600_000;
        assertThat(h.renew(g).result()).isEqualTo(new LedgerResult.Renewed(LedgerHarness.T0 + 120_000, 40_000));
        assertThat(h.ledger.clock()).isEqualTo(LedgerHarness.T0);
    }
}
