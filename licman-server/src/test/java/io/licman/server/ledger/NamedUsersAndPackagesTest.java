package io.licman.server.ledger;

import static io.licman.server.ledger.Features.feature;
import static io.licman.server.ledger.LedgerHarness.denied;
import static org.assertj.core.api.Assertions.assertThat;

import io.licman.core.license.Component;
import io.licman.core.license.Version;
import java.util.List;
import org.junit.jupiter.api.Test;

class NamedUsersAndPackagesTest {

    @Test
    void namedUserFeatureServesOnlyAssignedUsers() {
        LedgerHarness h = new LedgerHarness(feature("cad", 2).namedUsers(true).build());
        assertThat(denied(h.checkout("cad", "alice", "ws1")).reason()).isEqualTo(DenialReason.NOT_A_NAMED_USER);
        h.apply(new LedgerCommand.AssignUser(h.now, "acme", "cad", "alice"));
        assertThat(h.last.result()).isEqualTo(new LedgerResult.Assignments("acme", "cad", List.of("alice")));
        assertThat(h.events(LedgerEvent.UserAssigned.class)).hasSize(1);
        h.grant("cad", "alice", "ws1");
    }

    @Test
    void assignmentsCannotExceedTheSeats() {
        LedgerHarness h = new LedgerHarness(feature("cad", 1).namedUsers(true).build());
        h.apply(new LedgerCommand.AssignUser(h.now, "acme", "cad", "alice"));
        LedgerResult.Denied d = denied(h.apply(new LedgerCommand.AssignUser(h.now, "acme", "cad", "bob")));
        assertThat(d.reason()).isEqualTo(DenialReason.ASSIGNMENT_LIMIT_REACHED);
        h.apply(new LedgerCommand.UnassignUser(h.now, "acme", "cad", "alice"));
        assertThat(h.apply(new LedgerCommand.AssignUser(h.now, "acme", "cad", "bob")).result())
                .isEqualTo(new LedgerResult.Assignments("acme", "cad", List.of("bob")));
    }

    @Test
    void assigningToAnOrdinaryFeatureIsRefused() {
        LedgerHarness h = new LedgerHarness(feature("cad", 1).build());
        assertThat(denied(h.apply(new LedgerCommand.AssignUser(h.now, "acme", "cad", "alice"))).reason())
                .isEqualTo(DenialReason.NOT_A_NAMED_USER_FEATURE);
    }

    @Test
    void unassigningKeepsTheUsersLease() {
        LedgerHarness h = new LedgerHarness(feature("cad", 1).namedUsers(true).build());
        h.apply(new LedgerCommand.AssignUser(h.now, "acme", "cad", "alice"));
        h.grant("cad", "alice", "ws1");
        h.apply(new LedgerCommand.UnassignUser(h.now, "acme", "cad", "alice"));
        assertThat(h.ledger.leaseCount()).isEqualTo(1);
    }

    @Test
    void packageCheckoutGrantsItsComponents() {
        LedgerHarness h = new LedgerHarness(feature("suite", 2)
                .components(List.of(Component.parse("cad"), Component.parse("cam:2.0:3"))).build());
        Grant g = h.grant("suite", "alice", "ws1");
        assertThat(g.components()).containsExactly(
                new GrantedComponent("cad", Version.parse("1.0"), 1),
                new GrantedComponent("cam", Version.parse("2.0"), 3));
        assertThat(h.used("suite")).isEqualTo(1);
    }

    @Test
    void componentCheckoutIsNotServedFromAPackageAndSaysWhich() {
        LedgerHarness h = new LedgerHarness(feature("suite", 2).components(List.of(Component.parse("cad"))).build());
        LedgerResult.Denied d = denied(h.checkout("cad", "alice", "ws1"));
        assertThat(d.reason()).isEqualTo(DenialReason.NO_SUCH_FEATURE);
        assertThat(d.message()).contains("component of package suite");
    }
}
