package io.licman.server.ledger;

import java.util.TreeSet;

/**
 * Everything that ends at a time (leases, queue tickets, lingering seats), ordered by that time,
 * so an expiry sweep touches only what is due: O(log n) per entry.
 */
final class DeadlineIndex {

    static final int LEASE = 0;
    static final int TICKET = 1;
    static final int LINGER = 2;

    /** One due item; {@code id} is a lease id, ticket id or seat group sequence. */
    record Due(long at, int kind, long id) implements Comparable<Due> {
        @Override
        public int compareTo(Due o) {
            int c = Long.compare(at, o.at);
            if (c != 0) {
                return c;
            }
            c = Integer.compare(kind, o.kind);
            return c != 0 ? c : Long.compare(id, o.id);
        }
    }

    private final TreeSet<Due> due = new TreeSet<>();

    void add(long at, int kind, long id) {
        due.add(new Due(at, kind, id));
    }

    void remove(long at, int kind, long id) {
        due.remove(new Due(at, kind, id));
    }

    /** Removes and returns the earliest item due at or before {@code now}, or {@code null}. */
    Due pollDue(long now) {
        if (due.isEmpty() || due.first().at() > now) {
            return null;
        }
        return due.pollFirst();
    }

    int size() {
        return due.size();
    }
}
