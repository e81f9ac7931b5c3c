package io.licman.core.license;

import java.util.Objects;

/**
 * One feature granted by a package feature: checking out the package grants each component.
 *
 * <p>Text form: {@code name}, {@code name:version} or {@code name:version:count}; without a
 * version the component has the package's version, without a count it takes one seat.
 *
 * @param name the component feature's name
 * @param version the component's version, or {@code null} for the package's version
 * @param count seats of the component granted per package seat
 */
public record Component(String name, Version version, int count) implements Comparable<Component> {

    public Component {
        Names.requireFeatureName(name);
        if (count < 1) {
            throw new IllegalArgumentException("component " + name + " must grant at least 1 seat");
        }
    }

    /** Parses {@code name[:version[:count]]}. */
    public static Component parse(String text) {
        String[] parts = text.split(":", -1);
        if (parts.length > 3) {
            throw new IllegalArgumentException("'" + text + "' is not a component: expected name[:version[:count]]");
        }
        Version version = parts.length > 1 && !parts[1].isEmpty() ? Version.parse(parts[1]) : null;
        int count = 1;
        if (parts.length == 3) {
            if (!parts[2].matches("\\d{1,6}")) {
                throw new IllegalArgumentException("'" + text + "': component count '" + parts[2] + "' is not a whole number");
            }
            count = Integer.parseInt(parts[2]);
        }
        return new Component(parts[0], version, count);
    }

    /** This component's version, falling back to the package's. */
    public Version versionOr(Version packageVersion) {
        return version == null ? packageVersion : version;
    }

    @Override
    public int compareTo(Component other) {
        return toString().compareTo(other.toString());
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(name);
        if (version != null || count != 1) {
            out.append(':').append(version == null ? "" : version.toString());
        }
        if (count != 1) {
            out.append(':').append(count);
        }
        return out.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Component c && c.name.equals(name) && Objects.equals(c.version, version) && c.count == count;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, version, count);
    }
}
