package io.licman.core.hostid;

import java.util.Locale;
import java.util.Objects;

/**
 * One identifier of a machine, with its type: {@code machine-id:4c4c4544...},
 * {@code mac:00:1a:2b:3c:4d:5e}, {@code hostname:build01}, {@code uuid:...}, {@code ip:10.0.0.5}.
 *
 * <p>Values are normalised (lower case, MAC addresses with colons) so that the same machine
 * always prints and matches the same text.
 *
 * @param type the kind of identifier
 * @param value the normalised value
 */
public record HostId(HostIdType type, String value) {

    public HostId {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("a " + type + " host id needs a value");
        }
    }

    /**
     * Parses {@code type:value}, for example {@code mac:00:1A:2B:3C:4D:5E}.
     *
     * @throws IllegalArgumentException naming the known types when the type is unknown
     */
    public static HostId parse(String text) {
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("'" + text + "' is not a host id: expected TYPE:VALUE with TYPE one of "
                    + HostIdType.names() + " (run 'licman hostid' on the machine to see its ids)");
        }
        HostIdType type = HostIdType.parse(text.substring(0, colon));
        return new HostId(type, type.normalise(text.substring(colon + 1)));
    }

    @Override
    public String toString() {
        return type + ":" + value;
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
