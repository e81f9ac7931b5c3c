package io.licman.core.testing;

import io.licman.core.hostid.HostId;
import io.licman.core.license.Component;
import io.licman.core.license.FeatureLicense;
import io.licman.core.license.HostBinding;
import io.licman.core.license.Sharing;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** jqwik generators for arbitrary, valid feature blocks. */
public final class FeatureArbitraries {

    private FeatureArbitraries() {
    }

    /** Unsigned acme features with every field drawn at random. */
    public static Arbitrary<FeatureLicense> features() {
        Arbitrary<String> names = Arbitraries.strings().withCharRange('a', 'z').numeric().withChars("-_.+").ofMinLength(0).ofMaxLength(20)
                .map(s -> "f" + s);
        Arbitrary<String> versions = Arbitraries.integers().between(0, 30).list().ofMinSize(1).ofMaxSize(4)
                .map(parts -> String.join(".", parts.stream().map(String::valueOf).toList()));
        Arbitrary<LocalDate> dates = Arbitraries.integers().between(0, 20_000).map(d -> LocalDate.of(2000, 1, 1).plusDays(d));
        Arbitrary<String> text = Arbitraries.strings().all().excludeChars().ofMaxLength(30)
                .filter(s -> s.chars().noneMatch(c -> Character.isISOControl(c) && c != '\t'))
                .filter(s -> s.chars().noneMatch(c -> Character.isSurrogate((char) c)));
        Arbitrary<HostBinding> hosts = Arbitraries.oneOf(
                Arbitraries.just(HostBinding.ANY),
                Arbitraries.integers().between(0, 0xffffff).list().ofMinSize(1).ofMaxSize(3).map(macs -> HostBinding.client(
                        macs.stream().map(m -> HostId.parse(String.format("mac:00:00:00:%06x", m))).toList())),
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(10).map(h -> HostBinding.server(
                        List.of(HostId.parse("hostname:" + h)))));
        Arbitrary<List<Component>> components = Arbitraries.oneOf(Arbitraries.just(List.of()),
                Arbitraries.of("core", "render", "mesh", "io").list().ofMinSize(1).ofMaxSize(3).uniqueElements()
                        .map(l -> l.stream().map(Component::parse).toList()));

        return Combinators.combine(names, versions, Arbitraries.integers().between(0, 5000), dates, Arbitraries.integers().between(-1, 5000), hosts,
                        Arbitraries.of(Sharing.class), Arbitraries.integers().between(0, 100))
                .flatAs((name, version, count, start, days, host, sharing, overdraft) ->
                        Combinators.combine(Arbitraries.longs().between(0, 10_000_000), Arbitraries.longs().between(0, 100_000),
                                        Arbitraries.integers().between(1, 50), components, Arbitraries.of(true, false),
                                        text.injectNull(0.3), text.injectNull(0.3), text.injectNull(0.3))
                                .as((borrow, linger, tokens, comps, named, customer, vendorString, note) -> {
                                    FeatureLicense.Builder b = FeatureLicense.builder("acme", name).version(version)
                                            .seats(count == 0 ? io.licman.core.license.Seats.unlimited() : io.licman.core.license.Seats.of(count))
                                            .start(start).expires(days < 0 ? null : start.plusDays(days)).host(host).sharing(sharing)
                                            .overdraft(overdraft).maxBorrow(Duration.ofSeconds(borrow)).linger(Duration.ofSeconds(linger))
                                            .tokens(tokens).components(comps).namedUsers(named).customer(customer)
                                            .vendorString(vendorString).serial(customer == null ? null : "S-" + tokens)
                                            .issued(start);
                                    if (note != null) {
                                        b.unsigned("note", note);
                                    }
                                    return b.build();
                                }));
    }
}
