package io.licman.it.replication;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * What the fault tests need to judge whether the servers keep granting: for each round (one kill),
 * how many seats the ledger had free when the clients were compared with it, and how many grants
 * the clients got between that check and the next kill; and, once the kills stop, how long the
 * ledger keeps leases that no client holds.
 *
 * <p>A seat a client gives back is free once its check-in is answered; the SDK sends a check-in
 * that a dying server left unanswered again after reconnecting, so after the last kill every such
 * seat must be free within {@link #LEAK_BOUND}. A lease whose grant was committed but never reached
 * the client (the server died between the commit and the answer; the client checked out again)
 * is known to no client. The server renews every lease of a client id on each heartbeat of that
 * client, so such a lease stays taken while its client runs, and is freed within
 * {@link #LEAK_BOUND} once the client stops; the tests count these and report them.
 */
final class Rounds {

    /** How often the serving leader runs the expiry sweep (docs/replication.md). */
    static final Duration EXPIRY_SWEEP = Duration.ofSeconds(1);
    /**
     * For a new leader to apply its lease extension after it is seen leading, and for clients to
     * reconnect and finish their check-ins: the longest kill-to-answer window the fault tests
     * measure is about 2 s.
     */
    static final Duration SETTLE = Duration.ofSeconds(2);
    /** After the last leadership change, no lease a client gave back outlives this; nor any lease once the clients have stopped. */
    static final Duration LEAK_BOUND = ServerProcess.LEASE_TTL.plus(EXPIRY_SWEEP).plus(SETTLE);

    private record Round(int ledgerLeases, int stray, long resumedAt, long endedAt) {
    }

    private final int seats;
    private final List<Round> rounds = new ArrayList<>();
    private int ledgerLeases;
    private int stray;
    private long resumedAt;

    Rounds(int seats) {
        this.seats = seats;
    }

    /** The ledger (looked at with the clients paused) and what the clients hold; call just before resuming them. */
    void checked(Set<Long> ledger, Set<Long> held) {
        Set<Long> extra = new HashSet<>(ledger);
        extra.removeAll(held);
        ledgerLeases = ledger.size();
        stray = extra.size();
        resumedAt = System.nanoTime();
    }

    /**
     * When the check found a seat free, waits (up to {@code timeout}) for the clients to get a grant
     * before the round may end: on a busy machine the clients can need longer than the round's
     * random length to reconnect. A server that never grants still fails {@link #freeSeatsNotGranted}.
     */
    void awaitGrantIfFree(History history, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (ledgerLeases < seats && history.grantsBetween(resumedAt, System.nanoTime()) == 0 && System.nanoTime() - deadline < 0) {
            Thread.sleep(50);
        }
    }

    /** The round ends (the next kill, or the end of the kills). */
    void ended() {
        rounds.add(new Round(ledgerLeases, stray, resumedAt, System.nanoTime()));
    }

    /** Rounds whose check found a seat free in the ledger but whose clients got no grant before the round ended. */
    List<String> freeSeatsNotGranted(History history) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < rounds.size(); i++) {
            Round r = rounds.get(i);
            if (r.ledgerLeases < seats && history.grantsBetween(r.resumedAt, r.endedAt) == 0) {
                out.add("round " + i + ": " + (seats - r.ledgerLeases) + " seat(s) free, no grant in "
                        + (r.endedAt - r.resumedAt) / 1_000_000 + " ms");
            }
        }
        return out;
    }

    int roundsWithGrants(History history) {
        return (int) rounds.stream().filter(r -> history.grantsBetween(r.resumedAt, r.endedAt) > 0).count();
    }

    String summary(History history) {
        List<String> perRound = new ArrayList<>();
        for (Round r : rounds) {
            perRound.add(history.grantsBetween(r.resumedAt, r.endedAt) + "/" + r.stray);
        }
        return String.format("rounds with grants after the check: %d of %d; per round, grants after the check / ledger leases "
                + "no client held at the check: %s", roundsWithGrants(history), rounds.size(), perRound);
    }

    interface Ledger {
        List<io.licman.core.protocol.v1.LeaseInfo> leases() throws Exception;
    }

    /**
     * Lets the clients run and looks at the ledger every half second (pausing them for each look)
     * until it holds no lease that a client gave back, or {@code deadline} (nanoTime, which may move
     * while waiting) passes. Returns the leases no client holds at the last look, described.
     */
    static List<String> awaitNoStray(LoadClients load, History history, Ledger ledger, LongSupplier deadline) throws Exception {
        List<String> extra = List.of();
        while (true) {
            load.pause();
            try {
                Set<Long> held = history.held();
                long now = System.currentTimeMillis();
                extra = ledger.leases().stream().filter(lease -> !held.contains(lease.getLeaseId()))
                        .map(lease -> Long.toUnsignedString(lease.getLeaseId()) + " of " + lease.getUser() + "@" + lease.getHost()
                                + " since " + (now - lease.getSinceEpochMs()) + " ms, expires in " + (lease.getExpiresAtEpochMs() - now)
                                + " ms, " + history.describe(lease.getLeaseId()))
                        .toList();
            } catch (java.io.IOException e) {
                // not serving at the moment: look again
            } finally {
                load.resume();
            }
            if (givenBack(extra).isEmpty() || System.nanoTime() - deadline.getAsLong() > 0) {
                return extra;
            }
            Thread.sleep(500);
        }
    }

    /** Of {@link #awaitNoStray}'s answer, the leases a client gave back. */
    static List<String> givenBack(List<String> stray) {
        return stray.stream().filter(s -> s.contains("given back")).toList();
    }

    /** Of {@link #awaitNoStray}'s answer, the grants that never reached a client. */
    static List<String> lostGrants(List<String> stray) {
        return stray.stream().filter(s -> s.contains("never acknowledged")).toList();
    }

    /** Waits until the ledger is empty (the clients have stopped), at most {@link #LEAK_BOUND} after {@code since}; returns its last answer's size. */
    static int awaitEmpty(Ledger ledger, long since) throws Exception {
        int left = -1;
        while (true) {
            try {
                left = ledger.leases().size();
            } catch (java.io.IOException e) {
                // not serving at the moment: look again
            }
            if (left == 0 || System.nanoTime() - since - LEAK_BOUND.toNanos() > 0) {
                return left;
            }
            Thread.sleep(250);
        }
    }
}
