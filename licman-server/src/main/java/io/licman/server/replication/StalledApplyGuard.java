package io.licman.server.replication;

import java.lang.reflect.Method;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.raftlog.RaftLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds a peer whose ledger has stopped applying committed entries because the next entry it
 * needs is no longer in its log, and reloads it from the newest snapshot on disk.
 *
 * <p>This happens in Ratis 3.2.0 when a lagging peer is sent a second snapshot while it is still
 * loading the first: the second reload request is lost, the peer keeps the log that starts after
 * the second snapshot, and waits forever for an entry between the two. Left alone, such a peer
 * never catches up, and if elected leader it would stop the whole cluster. The repair asks Ratis
 * for the reload it lost (through a package-private method, the only way in); if that is not
 * possible the guard says so once, at error level, with the remedy: restart the server.
 */
final class StalledApplyGuard {

    private static final Logger LOG = LoggerFactory.getLogger(StalledApplyGuard.class);
    /** How long the gap must last before the guard acts: a normal snapshot installation closes it sooner. */
    static final long STALL_MILLIS = 3_000;
    /** Reloads tried before the guard gives up and asks for a restart. */
    static final int MAX_REPAIRS = 5;

    /** Where the guard reads the peer's indexes. */
    interface Indexes {
        /** The last entry applied to the ledger. */
        long applied();

        /** The first entry still in the log. */
        long logStart();

        /** The last committed entry. */
        long committed();

        /** True while the ledger is being loaded from a snapshot: the gap closes when it is done. */
        boolean reloading();
    }

    /** Reloads the ledger from the newest snapshot on disk; throws when it cannot. */
    interface Reload {
        void run(long applied, long logStart) throws Exception;
    }

    private final Indexes indexes;
    private final Reload reload;
    private long stalledSinceMillis = -1;
    private boolean reportedUnrepairable;
    private int repairs;

    StalledApplyGuard(Indexes indexes, Reload reload) {
        this.indexes = indexes;
        this.reload = reload;
    }

    /** The guard of a Ratis peer running {@code machine}. */
    static StalledApplyGuard of(RaftServer.Division division, LedgerStateMachine machine) {
        Indexes indexes = new Indexes() {
            @Override
            public long applied() {
                return division.getInfo().getLastAppliedIndex();
            }

            @Override
            public long logStart() {
                return division.getRaftLog().getStartIndex();
            }

            @Override
            public long committed() {
                return division.getRaftLog().getLastCommittedIndex();
            }

            @Override
            public boolean reloading() {
                return machine.isReloading();
            }
        };
        return new StalledApplyGuard(indexes, (applied, start) -> reloadFromNewestSnapshot(division, machine, start));
    }

    /** Looks once at {@code nowMillis} (a monotonic clock); call it regularly from one thread. Returns true when it reloaded the ledger. */
    boolean check(long nowMillis) {
        long applied = indexes.applied();
        long start = indexes.logStart();
        boolean stalled = applied >= 0 && applied + 1 < start && indexes.committed() > applied;
        if (!stalled || indexes.reloading()) {
            stalledSinceMillis = -1;
            if (!stalled) {
                repairs = 0;
            }
            return false;
        }
        if (stalledSinceMillis < 0) {
            stalledSinceMillis = nowMillis;
            return false;
        }
        if (nowMillis - stalledSinceMillis < STALL_MILLIS) {
            return false;
        }
        stalledSinceMillis = -1;
        if (repairs >= MAX_REPAIRS) {
            unrepairable(applied, start, "reloaded " + repairs + " times already");
            return false;
        }
        try {
            reload.run(applied, start);
            repairs++;
            LOG.warn("the ledger had stopped at log index {} while the log starts at {} (a snapshot reload lost by Ratis); "
                    + "reloaded it from the newest snapshot", applied, start);
            return true;
        } catch (Exception e) {
            unrepairable(applied, start, e.toString());
            return false;
        }
    }

    /** True once the guard has said that only a restart helps. */
    boolean gaveUp() {
        return reportedUnrepairable;
    }

    private void unrepairable(long applied, long start, String why) {
        if (!reportedUnrepairable) {
            reportedUnrepairable = true;
            LOG.error("the ledger stopped at log index {} while this peer's log starts at {}, and cannot be reloaded here ({}): "
                    + "restart this server; it then loads its newest snapshot and catches up from the leader", applied, start, why);
        }
    }

    /**
     * Asks Ratis's state machine updater for the reload it lost: it reloads the ledger from the
     * newest snapshot on disk, sets its applied index to the snapshot's, and applies the log after
     * it. The log itself is left as it is (Ratis's full snapshot-installed path would also rewind
     * the log writer, which must not happen to a log that goes on past the snapshot).
     */
    static void reloadFromNewestSnapshot(RaftServer.Division division, LedgerStateMachine machine, long logStart) throws Exception {
        TermIndex snapshot = machine.newestSnapshotOnDisk();
        if (snapshot == null || snapshot.getIndex() + 1 < logStart) {
            throw new IllegalStateException("no snapshot on disk reaches the log (newest: " + snapshot + ")");
        }
        Object updater = invoke(invoke(division, "getState"), "getStateMachineUpdater");
        Method reload = updater.getClass().getDeclaredMethod("reloadStateMachine");
        reload.setAccessible(true);
        // The lock Ratis holds while it installs a snapshot: no installation reloads the ledger in between.
        synchronized (division) {
            machine.pause();
            reload.invoke(updater);
        }
    }

    /** Calls a package-private method without arguments. */
    private static Object invoke(Object target, String method) throws ReflectiveOperationException {
        Method m = target.getClass().getDeclaredMethod(method);
        m.setAccessible(true);
        return m.invoke(target);
    }
}
