package io.licman.server.policy;

import java.util.Objects;

/**
 * Whom a rule names: {@code USER alice}, {@code GROUP eng}, {@code INTERNET 10.1.*.*}.
 *
 * @param type the kind of name
 * @param name the name, group name or address pattern, as written
 */
public record Target(TargetType type, String name) {

    public Target {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a " + type + " target needs a name");
        }
        if (type == TargetType.INTERNET) {
            IpPattern.parse(name);
        }
    }

    /** {@code USER alice}. */
    @Override
    public String toString() {
        return type + " " + OptionsText.quoteIfNeeded(name);
    }
}
