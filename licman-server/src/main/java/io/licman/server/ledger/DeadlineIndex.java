package io.licman.server.ledger;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;

/**
 * Everything that ends at a time (leases, queue tickets, lingering seats), ordered by that time,
 * so an expiry sweep touches only what is due: O(log n) per entry.
 */
final class DeadlineIndex {

    static final int LEASE = 0;
    static final int TICKET = 1;
    static final int LINGER = 2;

    /**
     * One due item; {@code id} is a lease id, ticket id or seat group sequence, and
     * {@code target} the lease, queue entry or seat group itself (not part of the ordering).
     */
    record Due(long at, int kind, long id, Object target) implements Comparable<Due> {
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

    void add(long at, int kind, long id, Object target) {
        due.add(new Due(at, kind, id, target));
    }

    void remove(long at, int kind, long id) {
        due.remove(new Due(at, kind, id, null));
    }

    /**
     * Removes and returns every item due at or before {@code now}, earliest first, in one pass
     * over the head of the index (amortised O(1) per item).
     */
    List<Due> drainDue(long now) {
        List<Due> out = new ArrayList<>();
        Iterator<Due> it = due.iterator();
        while (it.hasNext()) {
            Due d = it.next();
            if (d.at() > now) {
                break;
            }
            out.add(d);
            it.remove();
        }
        return out;
    }

    int size() {
        return due.size();
    }
}
