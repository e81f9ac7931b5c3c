package io.licman.server.replication;

import io.licman.server.engine.LedgerListener;
import io.licman.server.ledger.Applied;
import io.licman.server.ledger.Ledger;
import io.licman.server.ledger.LedgerCommand;
import io.licman.server.ledger.LedgerCommandCodec;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.util.LifeCycle;
import org.apache.ratis.util.MD5FileUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger as a Raft state machine: every log entry is a batch of ledger commands
 * ({@link LogEntries}), applied in log order on Ratis's apply thread; snapshots are the ledger's
 * own snapshot bytes. It never reads a clock: time travels in the commands.
 *
 * <p>Before the first leader proposes the entry that creates it, there is no ledger: reads fail
 * and commands are skipped (none are proposed before it).
 */
final class LedgerStateMachine extends BaseStateMachine {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerStateMachine.class);
    private static final byte[] SNAPSHOT_MAGIC = {'L', 'M', 'R', 'A', 'F', 'T', '0', '1'};

    /** Told about applied batches and leadership, on Ratis's threads; must not block. */
    interface Observer {
        void applied(LogEntries entry, List<Applied> results);

        void leaderReady(long term);

        void leaderChanged(RaftPeerId leader);
    }

    private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
    private final List<LedgerListener> listeners = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    /** Guards {@link #reloading}: a snapshot installation's pause waits while a reload runs. */
    private final Object reloadLock = new Object();
    private boolean reloading;
    private Ledger ledger;
    private volatile Observer observer;

    void observe(Observer observer) {
        this.observer = observer;
    }

    void addListener(LedgerListener listener) {
        listeners.add(listener);
    }

    @Override
    public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
        super.initialize(server, groupId, raftStorage);
        getLifeCycle().transition(LifeCycle.State.STARTING);
        storage.init(raftStorage);
        load(storage.loadLatestSnapshot());
        getLifeCycle().transition(LifeCycle.State.RUNNING);
    }

    /**
     * Ratis pauses the state machine before it writes a snapshot sent by the leader into the
     * state machine directory (once per chunk), and after the last chunk reloads it with
     * {@link #reinitialize()}, which it only does from {@code PAUSED}.
     */
    @Override
    public void pause() {
        synchronized (reloadLock) {
            // Ratis 3.2.0 loses a second snapshot installation that begins while the first is being
            // reloaded (its updater marks itself running after the reload, over the new request),
            // and then waits forever for log entries the leader has purged. Waiting here for the
            // reload to end lets the second installation pause a running state machine and be
            // reloaded in turn; StalledApplyGuard repairs the rare case this does not cover.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (reloading && System.nanoTime() - deadline < 0) {
                try {
                    reloadLock.wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            LifeCycle life = getLifeCycle();
            if (life.compareAndTransition(LifeCycle.State.RUNNING, LifeCycle.State.PAUSING)) {
                life.transition(LifeCycle.State.PAUSED);
            }
        }
    }

    /**
     * Replaces the ledger with the newest snapshot in the state machine directory: after the
     * leader's snapshot was installed here (this peer lagged behind the leader's log), or when
     * Ratis resumes a paused state machine.
     */
    @Override
    public void reinitialize() throws IOException {
        synchronized (reloadLock) {
            reloading = true;
        }
        try {
            LifeCycle life = getLifeCycle();
            life.compareAndTransition(LifeCycle.State.PAUSED, LifeCycle.State.STARTING);
            try {
                load(storage.loadLatestSnapshot());
            } catch (IOException | RuntimeException e) {
                life.compareAndTransition(LifeCycle.State.STARTING, LifeCycle.State.EXCEPTION);
                throw e;
            }
            life.compareAndTransition(LifeCycle.State.STARTING, LifeCycle.State.RUNNING);
        } finally {
            synchronized (reloadLock) {
                reloading = false;
                reloadLock.notifyAll();
            }
        }
    }

    @Override
    public StateMachineStorage getStateMachineStorage() {
        return storage;
    }

    /**
     * True while the ledger is being reloaded from a snapshot. (Not "while paused": a reload Ratis
     * lost can leave the ledger paused for good, which is what {@link StalledApplyGuard} repairs.)
     */
    boolean isReloading() {
        synchronized (reloadLock) {
            return reloading;
        }
    }

    /** The newest snapshot in the state machine directory (installed from the leader or taken here), or null. */
    org.apache.ratis.server.protocol.TermIndex newestSnapshotOnDisk() {
        SingleFileSnapshotInfo latest = storage.loadLatestSnapshot();
        return latest == null ? null : latest.getTermIndex();
    }

    /** True once the ledger exists (the first leader created it). */
    boolean hasLedger() {
        synchronized (lock) {
            return ledger != null;
        }
    }

    /** Runs a read-only query on the applied state. */
    <T> T read(Function<Ledger, T> query) {
        synchronized (lock) {
            if (ledger == null) {
                throw new IllegalStateException("the ledger is not ready yet: no leader has been elected");
            }
            return query.apply(ledger);
        }
    }

    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
        LogEntryProto entry = trx.getLogEntry();
        ByteBuffer data = entry.getStateMachineLogEntry().getLogData().asReadOnlyByteBuffer();
        LogEntries batch = LogEntries.decode(data);
        List<Applied> results = new ArrayList<>(batch.commands().size());
        List<LedgerCommand> commands = new ArrayList<>(batch.commands().size());
        boolean exists;
        synchronized (lock) {
            if (batch.create() != null && ledger == null) {
                ledger = Ledger.create(batch.create());
                LOG.info("created the ledger at log index {}", entry.getIndex());
            }
            if (ledger != null) {
                for (byte[] bytes : batch.commands()) {
                    LedgerCommand command = LedgerCommandCodec.decode(bytes);
                    commands.add(command);
                    results.add(ledger.apply(command));
                }
            }
            exists = ledger != null;
            updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
        }
        for (int i = 0; i < commands.size(); i++) {
            tell(commands.get(i), results.get(i));
        }
        Observer o = observer;
        if (o != null) {
            o.applied(batch, exists ? results : null);
        }
        return CompletableFuture.completedFuture(Message.EMPTY);
    }

    private void tell(LedgerCommand command, Applied applied) {
        for (LedgerListener listener : listeners) {
            try {
                listener.applied(command, applied);
            } catch (RuntimeException e) {
                LOG.error("a ledger listener failed on {}; the ledger carries on", command.getClass().getSimpleName(), e);
            }
        }
    }

    @Override
    public long takeSnapshot() throws IOException {
        byte[] state;
        TermIndex last;
        boolean exists;
        synchronized (lock) {
            last = getLastAppliedTermIndex();
            exists = ledger != null;
            state = exists ? ledger.snapshot() : new byte[0];
        }
        if (last == null || last.getIndex() < 0) {
            return -1;
        }
        File file = storage.getSnapshotFile(last.getTerm(), last.getIndex());
        Path tmp = file.toPath().resolveSibling(file.getName() + ".tmp");
        ByteBuffer header = ByteBuffer.allocate(SNAPSHOT_MAGIC.length + 1).put(SNAPSHOT_MAGIC).put((byte) (exists ? 1 : 0));
        try (var out = Files.newOutputStream(tmp)) {
            out.write(header.array());
            out.write(state);
        }
        try (var channel = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(tmp, file.toPath(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        var md5 = MD5FileUtil.computeAndSaveMd5ForFile(file);
        storage.updateLatestSnapshot(new SingleFileSnapshotInfo(new FileInfo(file.toPath(), md5), last));
        LOG.debug("snapshot at {}: {} bytes", last, state.length);
        return last.getIndex();
    }

    private void load(SingleFileSnapshotInfo snapshot) throws IOException {
        if (snapshot == null) {
            return;
        }
        Path path = snapshot.getFile().getPath();
        if (snapshot.getFile().getFileDigest() != null) {
            MD5FileUtil.verifySavedMD5(path.toFile(), snapshot.getFile().getFileDigest());
        }
        byte[] bytes = Files.readAllBytes(path);
        if (bytes.length < SNAPSHOT_MAGIC.length + 1
                || !java.util.Arrays.equals(bytes, 0, SNAPSHOT_MAGIC.length, SNAPSHOT_MAGIC, 0, SNAPSHOT_MAGIC.length)) {
            throw new IOException(path + " is not a licman snapshot");
        }
        Ledger restored = bytes[SNAPSHOT_MAGIC.length] == 0 ? null
                : Ledger.restore(java.util.Arrays.copyOfRange(bytes, SNAPSHOT_MAGIC.length + 1, bytes.length));
        synchronized (lock) {
            ledger = restored;
            setLastAppliedTermIndex(snapshot.getTermIndex());
        }
        LOG.info("loaded the snapshot at {} ({} leases)", snapshot.getTermIndex(), restored == null ? 0 : restored.leaseCount());
    }

    @Override
    public CompletableFuture<Message> query(Message request) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("licman reads the ledger in process"));
    }

    @Override
    public void notifyLeaderReady() {
        Observer o = observer;
        if (o != null) {
            getServer().thenAccept(s -> o.leaderReady(currentTerm(s)));
        }
    }

    private long currentTerm(RaftServer server) {
        try {
            return server.getDivision(getGroupId()).getInfo().getCurrentTerm();
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public void notifyLeaderChanged(RaftGroupMemberId groupMemberId, RaftPeerId newLeaderId) {
        Observer o = observer;
        if (o != null) {
            o.leaderChanged(newLeaderId);
        }
    }
}
