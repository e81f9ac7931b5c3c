package io.licman.server.policy;

import io.licman.core.license.Names;
import java.util.Comparator;
import java.util.Objects;

/**
 * A feature named by an options-file rule: {@code cad-pro} (that feature of any vendor) or
 * {@code acme/cad-pro} (only vendor {@code acme}'s). Feature names are case-sensitive.
 *
 * @param vendor the vendor, or {@code null} for any vendor
 * @param name the feature name
 */
public record FeatureRef(String vendor, String name) implements Comparable<FeatureRef> {

    private static final Comparator<FeatureRef> ORDER = Comparator.comparing(FeatureRef::name)
            .thenComparing(FeatureRef::vendor, Comparator.nullsFirst(Comparator.naturalOrder()));

    public FeatureRef {
        if (vendor != null) {
            Names.requireVendor(vendor);
        }
        Names.requireFeatureName(name);
    }

    /** A reference to {@code name} of any vendor. */
    public static FeatureRef any(String name) {
        return new FeatureRef(null, name);
    }

    /**
     * Parses {@code feature} or {@code vendor/feature}.
     *
     * @throws IllegalArgumentException saying what was expected
     */
    public static FeatureRef parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.indexOf(':') >= 0) {
            throw new IllegalArgumentException("'" + text + "': licman does not support FlexLM feature qualifiers "
                    + "(feature:KEYWORD=value); write the plain feature name, or vendor/feature");
        }
        int slash = text.indexOf('/');
        if (slash < 0) {
            return any(text);
        }
        return new FeatureRef(text.substring(0, slash), text.substring(slash + 1));
    }

    /** True when this reference names feature {@code name} of {@code vendor}. */
    public boolean matches(String vendor, String name) {
        return this.name.equals(name) && (this.vendor == null || this.vendor.equals(vendor));
    }

    @Override
    public int compareTo(FeatureRef other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return vendor == null ? name : vendor + "/" + name;
    }
}
