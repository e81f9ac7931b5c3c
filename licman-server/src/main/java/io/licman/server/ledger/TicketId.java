package io.licman.server.ledger;

/**
 * A queued request's public handle, made like a {@link LeaseId}; heartbeats and cancelling need
 * the ticket's {@link Secret} too.
 *
 * @param value a positive number
 */
public record TicketId(long value) implements Comparable<TicketId> {

    public TicketId {
        if (value <= 0) {
            throw new IllegalArgumentException("a queue ticket id is a positive number");
        }
    }

    /** Parses the 16-digit hexadecimal form. */
    public static TicketId parse(String text) {
        return new TicketId(HexIds.parse(text, "queue ticket id"));
    }

    @Override
    public int compareTo(TicketId o) {
        return Long.compare(value, o.value);
    }

    @Override
    public String toString() {
        return HexIds.format(value);
    }
}
