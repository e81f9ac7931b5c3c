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
    private static final int MAX_REPAIRS = 5;

    private final RaftServer.Division division;
    private final LedgerStateMachine machine;
    private long stalledSinceMillis = -1;
    private boolean reportedUnrepairable;
    private int repairs;

    StalledApplyGuard(RaftServer.Division division, LedgerStateMachine machine) {
        this.division = division;
        this.machine = machine;
    }

    /** Looks once; call it regularly from one thread. */
    void check(long nowMillis) {
        long applied = division.getInfo().getLastAppliedIndex();
        RaftLog log = division.getRaftLog();
        long start = log.getStartIndex();
        boolean stalled = applied >= 0 && applied + 1 < start && log.getLastCommittedIndex() > applied;
        if (!stalled) {
            stalledSinceMillis = -1;
            return;
        }
        if (stalledSinceMillis < 0) {
            stalledSinceMillis = nowMillis;
            return;
        }
        if (nowMillis - stalledSinceMillis < STALL_MILLIS) {
            return;
        }
        stalledSinceMillis = -1;
        if (repairs >= MAX_REPAIRS) {
            unrepairable(applied, start, "reloaded " + repairs + " times already");
            return;
        }
        TermIndex snapshot = machine.newestSnapshotOnDisk();
        if (snapshot == null || snapshot.getIndex() + 1 < start) {
            unrepairable(applied, start, "no snapshot on disk reaches the log");
            return;
        }
        try {
            Method getState = division.getClass().getDeclaredMethod("getState");
            getState.setAccessible(true);
            Object state = getState.invoke(division);
            Method reload = state.getClass().getDeclaredMethod("reloadStateMachine", TermIndex.class);
            reload.setAccessible(true);
            machine.pause();
            reload.invoke(state, snapshot);
            repairs++;
            LOG.warn("the ledger had stopped at log index {} while the log starts at {} (a snapshot reload lost by Ratis); "
                    + "reloading it from the snapshot at {}", applied, start, snapshot);
        } catch (ReflectiveOperationException | RuntimeException e) {
            unrepairable(applied, start, e.toString());
        }
    }

    /** How many times the guard has reloaded the ledger. */
    int repairs() {
        return repairs;
    }

    private void unrepairable(long applied, long start, String why) {
        if (!reportedUnrepairable) {
            reportedUnrepairable = true;
            LOG.error("the ledger stopped at log index {} while this peer's log starts at {}, and cannot be reloaded here ({}): "
                    + "restart this server; it then loads its newest snapshot and catches up from the leader", applied, start, why);
        }
    }
}
