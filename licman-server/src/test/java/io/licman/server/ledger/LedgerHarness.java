package io.licman.server.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.licman.core.hostid.HostId;
import io.licman.core.license.FeatureLicense;
import io.licman.core.license.Version;
import io.licman.server.policy.OptionsFileParser;
import io.licman.server.policy.Policy;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/** A ledger with a test clock and short-hands for the commands tests send. */
final class LedgerHarness {

    static final long T0 = Instant.parse("2026-06-01T00:00:00Z").toEpochMilli();
    static final byte[] SEED = new byte[32];

    static {
        Arrays.fill(SEED, (byte) 7);
    }

    final Ledger ledger = Ledger.create(LedgerSettings.withSeed(SEED));
    long now = T0;
    Applied last;

    LedgerHarness(FeatureLicense... features) {
        reload("", features);
    }

    static Policy policy(String options) {
        return OptionsFileParser.parse(options, "test.opt").toPolicy().orElseThrow(
                () -> new AssertionError(OptionsFileParser.parse(options, "test.opt").problems()));
    }

    Applied reload(String options, FeatureLicense... features) {
        return reload(options, List.of(), features);
    }

    Applied reload(String options, List<HostId> serverIds, FeatureLicense... features) {
        return apply(new LedgerCommand.Reload(now, List.of(features), policy(options), serverIds));
    }

    Applied apply(LedgerCommand command) {
        last = ledger.apply(command);
        return last;
    }

    static ClientIdentity client(String user, String host) {
        return ClientIdentity.of(user, host, user + "@" + host);
    }

    static CheckoutRequest request(String feature, String user, String host) {
        return CheckoutRequest.of(Features.VENDOR, feature, Version.parse("1.0"), client(user, host));
    }

    Applied checkout(String feature, String user, String host) {
        return checkout(request(feature, user, host));
    }

    Applied checkout(String feature, String user, String host, UnaryOperator<CheckoutRequest> change) {
        return checkout(change.apply(request(feature, user, host)));
    }

    Applied checkout(CheckoutRequest r) {
        return apply(new LedgerCommand.Checkout(now, r));
    }

    Grant grant(String feature, String user, String host) {
        return granted(checkout(feature, user, host));
    }

    static Grant granted(Applied a) {
        assertThat(a.result()).as("result").isInstanceOf(LedgerResult.Granted.class);
        return ((LedgerResult.Granted) a.result()).grant();
    }

    static LedgerResult.Denied denied(Applied a) {
        assertThat(a.result()).as("result").isInstanceOf(LedgerResult.Denied.class);
        return (LedgerResult.Denied) a.result();
    }

    static LedgerResult.Queued queued(Applied a) {
        assertThat(a.result()).as("result").isInstanceOf(LedgerResult.Queued.class);
        return (LedgerResult.Queued) a.result();
    }

    Applied checkin(Grant g) {
        return apply(new LedgerCommand.Checkin(now, g.lease(), g.secret()));
    }

    Applied renew(Grant g) {
        return apply(new LedgerCommand.RenewLease(now, g.lease(), g.secret()));
    }

    Applied expire() {
        return apply(new LedgerCommand.Expire(now));
    }

    void advance(Duration d) {
        now += d.toMillis();
    }

    <E extends LedgerEvent> List<E> events(Class<E> type) {
        return last.events().stream().filter(type::isInstance).map(type::cast).toList();
    }

    int used(String feature) {
        return ledger.features().stream().filter(f -> f.feature().equals(feature)).mapToInt(FeatureStatus::usedSeats).sum();
    }
}
