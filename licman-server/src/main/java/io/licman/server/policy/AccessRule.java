package io.licman.server.policy;

import java.util.Objects;

/**
 * An {@code INCLUDE}/{@code EXCLUDE} rule, or its {@code ...ALL} form when {@code feature} is null.
 *
 * @param feature the feature it governs, or {@code null} for every feature
 * @param target whom it names
 */
public record AccessRule(FeatureRef feature, Target target) {

    public AccessRule {
        Objects.requireNonNull(target, "target");
    }

    /** True when the rule governs every feature ({@code INCLUDEALL}, {@code EXCLUDEALL}). */
    public boolean isAll() {
        return feature == null;
    }

    /** True when the rule governs feature {@code name} of {@code vendor}. */
    public boolean governs(String vendor, String name) {
        return feature == null || feature.matches(vendor, name);
    }
}
