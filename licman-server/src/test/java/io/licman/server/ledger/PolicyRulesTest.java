package io.licman.server.ledger;

import static io.licman.server.ledger.Features.feature;
import static io.licman.server.ledger.LedgerHarness.denied;
import static io.licman.server.ledger.LedgerHarness.granted;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PolicyRulesTest {

    private static LedgerHarness with(String options, int seats) {
        LedgerHarness h = new LedgerHarness();
        h.reload(options, feature("cad", seats).build());
        return h;
    }

    @Test
    void excludedUserIsDeniedNamingTheRule() {
        LedgerHarness h = with("EXCLUDE cad USER mallory\n", 5);
        LedgerResult.Denied d = denied(h.checkout("cad", "mallory", "ws1", r -> r.queueIfBusy(true)));
        assertThat(d.reason()).isEqualTo(DenialReason.EXCLUDED_BY_POLICY);
        assertThat(d.message()).contains("EXCLUDE cad USER mallory");
        assertThat(h.ledger.queue()).isEmpty();
    }

    @Test
    void includeOnAFeatureExcludesEveryoneElse() {
        LedgerHarness h = with("GROUP eng alice bob\nINCLUDE cad GROUP eng\n", 5);
        h.grant("cad", "bob", "ws");
        assertThat(denied(h.checkout("cad", "carol", "ws")).reason()).isEqualTo(DenialReason.EXCLUDED_BY_POLICY);
    }

    @Test
    void reservedSeatsGoOnlyToTheNamed() {
        LedgerHarness h = with("RESERVE 1 cad USER alice\n", 2);
        h.grant("cad", "bob", "ws");
        LedgerResult.Denied d = denied(h.checkout("cad", "carol", "ws"));
        assertThat(d.reason()).isEqualTo(DenialReason.RESERVED_FOR_OTHERS);
        Grant alice = h.grant("cad", "alice", "ws");
        assertThat(h.events(LedgerEvent.Granted.class)).singleElement().satisfies(e -> assertThat(e.reservedSeats()).isEqualTo(1));
        assertThat(alice.seats()).isEqualTo(1);
    }

    @Test
    void theNamedUseTheirReservationFirstAndThenFreeSeats() {
        LedgerHarness h = with("RESERVE 1 cad USER alice\n", 3);
        h.grant("cad", "alice", "ws");
        h.grant("cad", "alice", "ws2");
        h.grant("cad", "bob", "ws");
        assertThat(h.used("cad")).isEqualTo(3);
    }

    @Test
    void whenEverySeatIsReservedForOthersTheRequestIsDeniedNotQueued() {
        LedgerHarness h = with("RESERVE 2 cad USER alice\n", 2);
        LedgerResult.Denied d = denied(h.checkout("cad", "bob", "ws", r -> r.queueIfBusy(true)));
        assertThat(d.reason()).isEqualTo(DenialReason.RESERVED_FOR_OTHERS);
        assertThat(h.ledger.queue()).isEmpty();
    }

    @Test
    void maxCapsAUser() {
        LedgerHarness h = with("MAX 2 cad USER alice\n", 5);
        h.grant("cad", "alice", "ws1");
        h.grant("cad", "alice", "ws2");
        LedgerResult.Denied d = denied(h.checkout("cad", "alice", "ws3"));
        assertThat(d.reason()).isEqualTo(DenialReason.USER_MAX_REACHED);
        assertThat(d.message()).contains("MAX 2 cad USER alice");
        h.grant("cad", "bob", "ws1");
    }

    @Test
    void maxOnAGroupCapsTheGroupTogether() {
        LedgerHarness h = with("GROUP eng alice bob\nMAX 1 cad GROUP eng\n", 5);
        h.grant("cad", "alice", "ws1");
        assertThat(denied(h.checkout("cad", "bob", "ws2")).reason()).isEqualTo(DenialReason.USER_MAX_REACHED);
    }

    @Test
    void maxOnAHostGroupCapsItsHosts() {
        LedgerHarness h = with("HOST_GROUP lab ws1 ws2\nMAX 1 cad HOST_GROUP lab\n", 5);
        h.grant("cad", "alice", "ws1");
        assertThat(denied(h.checkout("cad", "bob", "WS2")).reason()).isEqualTo(DenialReason.USER_MAX_REACHED);
        h.grant("cad", "bob", "ws3");
    }

    @Test
    void internetRulesMatchTheClientAddress() {
        LedgerHarness h = with("INCLUDE cad INTERNET 10.1.0.0/16\n", 5);
        CheckoutRequest inside = LedgerHarness.request("cad", "alice", "ws1");
        granted(h.checkout(inside.withClient(inside.client().withIp("10.1.2.3"))));
        assertThat(denied(h.checkout(inside.withClient(inside.client().withIp("10.2.2.3")))).reason())
                .isEqualTo(DenialReason.EXCLUDED_BY_POLICY);
    }

    @Test
    void projectRulesMatchTheClientProject() {
        LedgerHarness h = with("RESERVE 1 cad PROJECT apollo\n", 1);
        CheckoutRequest r = LedgerHarness.request("cad", "alice", "ws1");
        assertThat(denied(h.checkout(r)).reason()).isEqualTo(DenialReason.RESERVED_FOR_OTHERS);
        granted(h.checkout(r.withClient(r.client().withProject("apollo"))));
    }

    @Test
    void timeoutSetsTheLeaseTimeToLive() {
        LedgerHarness h = with("TIMEOUT cad 30\nTIMEOUTALL 600\n", 5);
        Grant g = h.grant("cad", "alice", "ws");
        assertThat(g.deadline() - h.now).isEqualTo(30_000);
        assertThat(g.heartbeatMillis()).isEqualTo(10_000);
    }
}
