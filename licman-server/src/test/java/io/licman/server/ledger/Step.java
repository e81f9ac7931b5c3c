package io.licman.server.ledger;

import io.licman.core.hostid.HostId;
import io.licman.core.license.FeatureLicense;
import io.licman.core.license.Version;
import java.time.Duration;
import java.util.List;

/**
 * One random step of a ledger history, resolved into a command against the handles a
 * {@link LedgerModel} has seen (so it can return leases it was granted). {@link #command}
 * returns {@code null} for steps that only move the test clock.
 */
sealed interface Step {

    List<String> USERS = List.of("u0", "u1", "u2", "u3", "u4", "u5");
    List<String> HOSTS = List.of("h0", "h1", "h2", "h3");
    List<String> FEATURES = List.of("f0", "f1", "f2", "f9");
    HostId LOCKED_HOST = HostId.parse("mac:00:00:00:00:00:01");

    LedgerCommand command(LedgerModel m);

    static ClientIdentity client(int user, int host) {
        String u = USERS.get(user);
        return new ClientIdentity(u, HOSTS.get(host), ":0", "10.0.0." + host, user % 2 == 0 ? "p0" : "p1", 100 + user,
                u + "@" + HOSTS.get(host));
    }

    record Checkout(int user, int host, int feature, String version, int count, boolean queue, long borrowHours,
                    boolean hostIds) implements Step {
        @Override
        public LedgerCommand command(LedgerModel m) {
            CheckoutRequest r = new CheckoutRequest("acme", FEATURES.get(feature), Version.parse(version), count,
                    client(user, host), hostIds ? List.of(LOCKED_HOST) : List.of(), queue, Duration.ofHours(borrowHours));
            return new LedgerCommand.Checkout(m.now, r);
        }
    }

    record Checkin(int pick, boolean wrongSecret) implements Step {
        @Override
        public LedgerCommand command(LedgerModel m) {
            LedgerModel.Held h = m.pickLease(pick);
            return new LedgerCommand.Checkin(m.now, h.lease(), wrongSecret ? Secret.of(new byte[16]) : h.secret());
        }
    }

    record Renew(int pick) implements Step {
        @Override
        public LedgerCommand command(LedgerModel m) {
            LedgerModel.Held h = m.pickLease(pick);
            return new LedgerCommand.RenewLease(m.now, h.lease(), h.secret());
        }
    }

    record RenewSession(int user, int host) implements Step {
        @Override
        public LedgerCommand command(LedgerModel m) {
            return new LedgerCommand.RenewSession(m.now, client(user, host).clientId());
        }
    }

    record RenewTicket(int pick) implements Step {
        @Override
        public LedgerCommand command(LedgerModel m) {
            LedgerModel.Waiting w = m.pickTicket(pick);
            return new LedgerCommand.RenewTicket(m.now, w.ticket(), w.secret());
        }
    }

    record LeaveQueue(int pick) implements Step {
        @Override
        public LedgerCommand command(LedgerModel m) {
            LedgerModel.Waiting w = m.pickTicket(pick);
            return new LedgerCommand.LeaveQueue(m.now, w.ticket(), w.secret());
        }
    }

    record Advance(long millis) implements Step {
        @Override
        public LedgerCommand command(LedgerModel m) {
            m.now += millis;
            return null;
        }
    }

    record Expire() implements Step {
        @Override
        public LedgerCommand command(LedgerModel m) {
            return new LedgerCommand.Expire(m.now);
        }
    }

    record ExtendLeases() implements Step {
        @Override
        public LedgerCommand command(LedgerModel m) {
            return new LedgerCommand.ExtendLeases(m.now);
        }
    }

    record Remove(LedgerCommand.RemoveScope scope, int pick, boolean oneFeature) implements Step {
        @Override
        public LedgerCommand command(LedgerModel m) {
            String value = switch (scope) {
                case LEASE -> m.pickLease(pick).lease().toString();
                case USER -> USERS.get(pick % USERS.size());
                case HOST -> HOSTS.get(pick % HOSTS.size());
                case CLIENT -> client(pick % USERS.size(), pick % HOSTS.size()).clientId();
            };
            return new LedgerCommand.Remove(m.now, scope, value, oneFeature ? FEATURES.get(pick % 3) : null);
        }
    }

    record Reload(List<FeatureLicense> features, String options) implements Step {
        @Override
        public LedgerCommand command(LedgerModel m) {
            return new LedgerCommand.Reload(m.now, features, LedgerHarness.policy(options), LedgerModel.SERVER_IDS);
        }

        @Override
        public String toString() {
            return "Reload(" + features.stream().map(f -> f.describe() + " x" + f.seats()).toList() + ", options="
                    + options.replace('\n', ';') + ")";
        }
    }

    record Assign(int feature, int user, boolean assign) implements Step {
        @Override
        public LedgerCommand command(LedgerModel m) {
            String f = FEATURES.get(feature);
            String u = USERS.get(user);
            return assign ? new LedgerCommand.AssignUser(m.now, "acme", f, u) : new LedgerCommand.UnassignUser(m.now, "acme", f, u);
        }
    }
}
