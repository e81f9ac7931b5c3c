package io.licman.server.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Assignments of users to named-user features. A feature takes at most as many users as its
 * live named-user pools have seats; removing an assignment leaves the user's leases alone.
 */
final class NamedUsers {

    private final LedgerState state;

    NamedUsers(LedgerState state) {
        this.state = state;
    }

    LedgerResult assign(LedgerCommand.AssignUser c, long now, List<LedgerEvent> out) {
        FeatureKey key = new FeatureKey(c.vendor(), c.feature());
        FeatureState fs = state.featureStates.get(key);
        long seats = 0;
        boolean named = false;
        if (fs != null) {
            for (Pool p : fs.pools) {
                if (p.prototype.namedUsers()) {
                    named = true;
                    seats += p.uncounted ? Integer.MAX_VALUE : p.count;
                }
            }
        }
        if (!named) {
            return new LedgerResult.Denied(DenialReason.NOT_A_NAMED_USER_FEATURE, key
                    + " has no named-user license; users need no assignment to use it", List.of());
        }
        TreeSet<String> users = state.namedUsers.computeIfAbsent(key, k -> new TreeSet<>());
        if (!users.contains(c.user())) {
            if (users.size() >= seats) {
                if (users.isEmpty()) {
                    state.namedUsers.remove(key);
                }
                return new LedgerResult.Denied(DenialReason.ASSIGNMENT_LIMIT_REACHED, "all " + seats + " named-user seats of "
                        + key + " are assigned (" + String.join(", ", users) + "); unassign one first", List.of());
            }
            users.add(c.user());
            out.add(new LedgerEvent.UserAssigned(now, c.vendor(), c.feature(), c.user()));
        }
        return new LedgerResult.Assignments(c.vendor(), c.feature(), new ArrayList<>(users));
    }

    LedgerResult unassign(LedgerCommand.UnassignUser c, long now, List<LedgerEvent> out) {
        FeatureKey key = new FeatureKey(c.vendor(), c.feature());
        TreeSet<String> users = state.namedUsers.get(key);
        if (users != null && users.remove(c.user())) {
            out.add(new LedgerEvent.UserUnassigned(now, c.vendor(), c.feature(), c.user()));
            if (users.isEmpty()) {
                state.namedUsers.remove(key);
            }
        }
        return new LedgerResult.Assignments(c.vendor(), c.feature(), users == null ? List.of() : new ArrayList<>(users));
    }
}
