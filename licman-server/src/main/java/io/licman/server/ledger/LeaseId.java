package io.licman.server.ledger;

/**
 * A lease's public handle: 63 bits derived from the ledger's secret seed, printed as 16
 * hexadecimal digits. Knowing it is not enough to renew or return a lease; that needs the
 * lease's {@link Secret}.
 *
 * @param value a positive number
 */
public record LeaseId(long value) implements Comparable<LeaseId> {

    public LeaseId {
        if (value <= 0) {
            throw new IllegalArgumentException("a lease id is a positive number");
        }
    }

    /** Parses the 16-digit hexadecimal form. */
    public static LeaseId parse(String text) {
        return new LeaseId(HexIds.parse(text, "lease id"));
    }

    @Override
    public int compareTo(LeaseId o) {
        return Long.compare(value, o.value);
    }

    @Override
    public String toString() {
        return HexIds.format(value);
    }
}
