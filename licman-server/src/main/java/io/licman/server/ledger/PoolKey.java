package io.licman.server.ledger;

import io.licman.core.license.Component;
import io.licman.core.license.FeatureLicense;
import java.util.stream.Collectors;

/**
 * What makes license blocks one pool: every attribute that changes how seats are granted
 * (version, dates, host binding, sharing, tokens, borrow, linger, components, named users),
 * but not the count, overdraft or paperwork (serial, issue date, customer, signature), which
 * add up or do not matter. Blocks with equal keys are added together, like FlexLM INCREMENT lines.
 */
record PoolKey(String text) implements Comparable<PoolKey> {

    static PoolKey of(FeatureLicense f) {
        String text = String.join("|",
                f.vendor(), f.name(), f.version().toString(),
                f.start().map(Object::toString).orElse("-"), f.expires().map(Object::toString).orElse("permanent"),
                f.host().toString(), f.seats().uncounted() ? "uncounted" : "counted", f.sharing().toString(),
                Integer.toString(f.tokens()), Long.toString(f.maxBorrow().getSeconds()), Long.toString(f.linger().getSeconds()),
                f.components().stream().map(Component::toString).collect(Collectors.joining(",")),
                Boolean.toString(f.namedUsers()));
        return new PoolKey(text);
    }

    @Override
    public int compareTo(PoolKey o) {
        return text.compareTo(o.text);
    }
}
