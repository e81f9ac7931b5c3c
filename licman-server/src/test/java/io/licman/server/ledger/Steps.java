package io.licman.server.ledger;

import io.licman.core.hostid.HostId;
import io.licman.core.license.FeatureLicense;
import io.licman.core.license.HostBinding;
import io.licman.core.license.Sharing;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Generators of random ledger histories: licenses, options files and steps. */
final class Steps {

    private Steps() {
    }

    static Arbitrary<Step> any() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(40, checkout()),
                net.jqwik.api.Tuple.of(12, checkin()),
                net.jqwik.api.Tuple.of(6, Arbitraries.integers().between(0, 99).map(Step.Renew::new)),
                net.jqwik.api.Tuple.of(6, Combinators.combine(user(), host()).as(Step.RenewSession::new)),
                net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(0, 99).map(Step.RenewTicket::new)),
                net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(0, 99).map(Step.LeaveQueue::new)),
                net.jqwik.api.Tuple.of(14, advance()),
                net.jqwik.api.Tuple.of(10, Arbitraries.just(new Step.Expire())),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new Step.ExtendLeases())),
                net.jqwik.api.Tuple.of(3, remove()),
                net.jqwik.api.Tuple.of(4, reload()),
                net.jqwik.api.Tuple.of(3, Combinators.combine(Arbitraries.integers().between(0, 2), user(), Arbitraries.of(true, true, false))
                        .as(Step.Assign::new)));
    }

    static Arbitrary<Integer> user() {
        return Arbitraries.integers().between(0, Step.USERS.size() - 1);
    }

    static Arbitrary<Integer> host() {
        return Arbitraries.integers().between(0, Step.HOSTS.size() - 1);
    }

    static Arbitrary<Step> checkout() {
        Arbitrary<Integer> feature = Arbitraries.frequency(net.jqwik.api.Tuple.of(10, 0), net.jqwik.api.Tuple.of(10, 1),
                net.jqwik.api.Tuple.of(8, 2), net.jqwik.api.Tuple.of(1, 3));
        return Combinators.combine(user(), host(), feature, Arbitraries.of("1.0", "1.0", "2.0"), Arbitraries.of(1, 1, 1, 2, 3),
                Arbitraries.of(false, true, true), Arbitraries.of(0L, 0L, 0L, 0L, 0L, 0L, 24L, 200L), Arbitraries.of(false, false, true))
                .as(Step.Checkout::new);
    }

    static Arbitrary<Step> checkin() {
        return Combinators.combine(Arbitraries.integers().between(0, 99), Arbitraries.of(false, false, false, false, true))
                .as(Step.Checkin::new);
    }

    static Arbitrary<Step> advance() {
        return Arbitraries.frequency(
                net.jqwik.api.Tuple.of(10, 1_000L), net.jqwik.api.Tuple.of(10, 10_000L), net.jqwik.api.Tuple.of(8, 30_000L),
                net.jqwik.api.Tuple.of(4, 61_000L), net.jqwik.api.Tuple.of(3, 150_000L), net.jqwik.api.Tuple.of(1, 3_600_000L),
                net.jqwik.api.Tuple.of(1, 86_400_000L))
                .map(Step.Advance::new);
    }

    static Arbitrary<Step> remove() {
        return Combinators.combine(Arbitraries.of(LedgerCommand.RemoveScope.class), Arbitraries.integers().between(0, 99),
                Arbitraries.of(false, true)).as(Step.Remove::new);
    }

    static Arbitrary<Step> reload() {
        return Combinators.combine(features(), options()).as(Step.Reload::new);
    }

    /** One to three pools for each of f0, f1, f2. */
    static Arbitrary<List<FeatureLicense>> features() {
        Arbitrary<List<FeatureLicense>> f0 = pool("f0").list().ofMinSize(1).ofMaxSize(3);
        Arbitrary<List<FeatureLicense>> f1 = pool("f1").list().ofMinSize(1).ofMaxSize(3);
        Arbitrary<List<FeatureLicense>> f2 = pool("f2").list().ofMinSize(0).ofMaxSize(2);
        return Combinators.combine(f0, f1, f2).as((a, b, c) -> {
            List<FeatureLicense> all = new ArrayList<>(a);
            all.addAll(b);
            all.addAll(c);
            return all;
        });
    }

    private record Shape(String version, int count, int overdraft, Sharing sharing, int tokens, int linger, boolean borrow) {
    }

    private record Terms(LocalDate expires, LocalDate start, int binding, boolean named, int serial) {
    }

    static Arbitrary<FeatureLicense> pool(String name) {
        Arbitrary<Shape> shape = Combinators.combine(Arbitraries.of("1.0", "2.0"), Arbitraries.of(1, 1, 1, 2, 2, 3),
                Arbitraries.of(0, 0, 1, 2), Arbitraries.of(Sharing.NONE, Sharing.NONE, Sharing.USER_HOST, Sharing.USER, Sharing.HOST),
                Arbitraries.of(1, 1, 2), Arbitraries.of(0, 0, 60), Arbitraries.of(false, true)).as(Shape::new);
        Arbitrary<Terms> terms = Combinators.combine(
                Arbitraries.of((LocalDate) null, null, null, LocalDate.of(2026, 6, 1), LocalDate.of(2026, 6, 3)),
                Arbitraries.of((LocalDate) null, null, null, null, LocalDate.of(2026, 6, 2)),
                Arbitraries.frequency(net.jqwik.api.Tuple.of(16, 0), net.jqwik.api.Tuple.of(2, 1), net.jqwik.api.Tuple.of(1, 2),
                        net.jqwik.api.Tuple.of(1, 3)),
                Arbitraries.frequency(net.jqwik.api.Tuple.of(9, false), net.jqwik.api.Tuple.of(1, true)),
                Arbitraries.integers().between(1, 9)).as(Terms::new);
        return Combinators.combine(shape, terms).as((s, t) -> {
            FeatureLicense.Builder b = Features.feature(name, s.count()).version(s.version()).overdraft(s.overdraft())
                    .sharing(s.sharing()).tokens(s.tokens()).linger(Duration.ofSeconds(s.linger()))
                    .maxBorrow(s.borrow() ? Duration.ofHours(48) : Duration.ZERO).namedUsers(t.named())
                    .serial("S" + t.serial()).expires(t.expires())
                    .start(t.start() != null && t.expires() != null && t.expires().isBefore(t.start()) ? null : t.start());
            switch (t.binding()) {
                case 1 -> b.uncounted().host(HostBinding.client(List.of(Step.LOCKED_HOST)));
                case 2 -> b.host(HostBinding.server(List.of(HostId.parse("hostname:elsewhere"))));
                case 3 -> b.host(HostBinding.server(LedgerModel.SERVER_IDS));
                default -> {
                }
            }
            return b.build();
        });
    }

    /** A random options file with RESERVE, MAX, INCLUDE, EXCLUDE and single-valued options. */
    static Arbitrary<String> options() {
        Arbitrary<String> feature = Arbitraries.of("f0", "f1", "f2");
        Arbitrary<String> who = Arbitraries.of("USER u0", "USER u1", "USER u3", "GROUP eng", "HOST h1", "HOST_GROUP lab",
                "INTERNET 10.0.0.2", "PROJECT p1");
        Arbitrary<String> rule = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, Combinators.combine(Arbitraries.integers().between(1, 3), feature, who)
                        .as((n, f, w) -> "RESERVE " + n + " " + f + " " + w)),
                net.jqwik.api.Tuple.of(5, Combinators.combine(Arbitraries.integers().between(0, 3), feature, who)
                        .as((n, f, w) -> "MAX " + n + " " + f + " " + w)),
                net.jqwik.api.Tuple.of(2, Combinators.combine(feature, who).as((f, w) -> "EXCLUDE " + f + " " + w)),
                net.jqwik.api.Tuple.of(1, Combinators.combine(feature, who).as((f, w) -> "INCLUDE " + f + " " + w)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just("EXCLUDEALL USER u5")));
        Arbitrary<String> singles = Combinators.combine(perFeature("f0"), perFeature("f1"), perFeature("f2"),
                Arbitraries.of("", "", "", "TIMEOUTALL 200\n", "SHOW_HOLDERS OFF\n")).as((a, b, c, d) -> a + b + c + d);
        return Combinators.combine(rule.list().ofMaxSize(6), singles).as((rules, one) ->
                "GROUP eng u0 u1 u2\nHOST_GROUP lab h0 h1\n" + String.join("\n", rules) + "\n" + one);
    }

    private static Arbitrary<String> perFeature(String f) {
        return Combinators.combine(
                Arbitraries.of("", "", "", "TIMEOUT @ 30\n", "TIMEOUT @ 300\n"),
                Arbitraries.of("", "", "LINGER @ 30\n", "LINGER @ 0\n"),
                Arbitraries.of("", "", "", "MAX_OVERDRAFT @ 0\n", "MAX_OVERDRAFT @ 1\n"),
                Arbitraries.of("", "", "", "MAX_BORROW_HOURS @ 0\n", "MAX_BORROW_HOURS @ 10\n"))
                .as((a, b, c, d) -> (a + b + c + d).replace("@", f));
    }

    /** The license set every history starts with. */
    static List<FeatureLicense> startingFeatures() {
        return List.of(
                Features.feature("f0", 2).serial("A").build(),
                Features.feature("f0", 1).version("2.0").overdraft(1).serial("B").build(),
                Features.feature("f1", 3).sharing(Sharing.USER_HOST).linger(Duration.ofSeconds(60)).maxBorrow(Duration.ofHours(48)).build(),
                Features.feature("f2", 2).tokens(2).namedUsers(true).build(),
                Features.uncounted("f2").version("2.0").host(HostBinding.client(List.of(Step.LOCKED_HOST))).build());
    }

    static String startingOptions() {
        return "GROUP eng u0 u1 u2\nHOST_GROUP lab h0 h1\nRESERVE 1 f0 USER u0\nMAX 2 f1 GROUP eng\nTIMEOUT f0 60\n";
    }
}
