package io.licman.server.ledger;

import io.licman.core.license.Sharing;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Seats taken by one checkout and shared by the leases that joined it (same user and/or host,
 * by the pool's sharing rule). When its last lease is returned the seats are freed, or linger
 * for that lease's user and host.
 */
final class SeatGroup {

    final long seq;
    Pool pool;
    final int seats;
    final ClientIdentity owner;
    final String shareKey;
    final long since;
    final List<Lease> members = new ArrayList<>(1);
    long lingerUntil;
    String lingerKey;
    String lingerUser;
    String lingerHost;
    /** Seats charged to each of the feature's reservations, or {@code null} for none. */
    int[] charges;
    /** Indexes of the feature's MAX rules that count this group. */
    int[] maxMatches = new int[0];
    /** Neighbours in the pool's list of groups. */
    SeatGroup prevInPool;
    SeatGroup nextInPool;

    SeatGroup(long seq, Pool pool, int seats, ClientIdentity owner, long since) {
        this.seq = seq;
        this.pool = pool;
        this.seats = seats;
        this.owner = owner;
        this.shareKey = shareKey(pool.sharing(), owner);
        this.since = since;
    }

    boolean isLingering() {
        return lingerUntil != 0;
    }

    int reservedSeats() {
        int sum = 0;
        if (charges != null) {
            for (int c : charges) {
                sum += c;
            }
        }
        return sum;
    }

    void linger(long until, ClientIdentity last) {
        lingerUntil = until;
        lingerUser = last.user();
        lingerHost = last.host();
        lingerKey = lingerKey(last);
    }

    void clearLinger() {
        lingerUntil = 0;
        lingerKey = null;
        lingerUser = null;
        lingerHost = null;
    }

    /** The key under which checkouts share seats, or {@code null} when they do not. */
    static String shareKey(Sharing sharing, ClientIdentity c) {
        return switch (sharing) {
            case NONE -> null;
            case USER -> "u\u0000" + c.user();
            case HOST -> "h\u0000" + c.host().toLowerCase(Locale.ROOT);
            case USER_HOST -> "uh\u0000" + c.user() + "\u0000" + c.host().toLowerCase(Locale.ROOT);
        };
    }

    /** The key of the user and host lingering seats are kept for. */
    static String lingerKey(ClientIdentity c) {
        return c.user() + "\u0000" + c.host().toLowerCase(Locale.ROOT);
    }
}
