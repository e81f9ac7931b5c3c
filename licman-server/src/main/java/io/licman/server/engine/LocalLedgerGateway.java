package io.licman.server.engine;

import io.licman.server.ledger.Applied;
import io.licman.server.ledger.Ledger;
import io.licman.server.ledger.LedgerCommand;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies commands to an in-memory ledger in submission order, on the submitting threads
 * themselves: a submitter queues its command and, if no other thread is applying, drains the
 * queue (its own command and everything queued behind it) while holding the apply lock. A thread
 * that finds the lock taken never waits: the holder applies its command before letting go. So a
 * request costs no thread hand-off, and a burst from many connections is applied by one thread
 * in one go. Not durable: a restart forgets every lease.
 */
public final class LocalLedgerGateway implements LedgerGateway {

    private static final Logger LOG = LoggerFactory.getLogger(LocalLedgerGateway.class);

    private final Ledger ledger;
    private final Clock clock;
    private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock applying = new ReentrantLock();
    private final List<LedgerListener> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean running = true;

    public LocalLedgerGateway(Ledger ledger, Clock clock) {
        this.ledger = ledger;
        this.clock = clock;
    }

    @Override
    public CompletableFuture<Applied> submit(LongFunction<LedgerCommand> command) {
        CompletableFuture<Applied> result = new CompletableFuture<>();
        // The time is read when the command is applied, so commands are stamped in apply order.
        enqueue(result, () -> result.complete(apply(command.apply(clock.millis()))));
        return result;
    }

    @Override
    public <T> CompletableFuture<T> read(Function<Ledger, T> query) {
        CompletableFuture<T> result = new CompletableFuture<>();
        enqueue(result, () -> result.complete(query.apply(ledger)));
        return result;
    }

    private void enqueue(CompletableFuture<?> result, Runnable task) {
        if (!running) {
            result.completeExceptionally(new IllegalStateException("the server is shutting down"));
            return;
        }
        queue.add(() -> {
            try {
                task.run();
            } catch (RuntimeException | StackOverflowError e) {
                result.completeExceptionally(e);
            }
        });
        drain();
    }

    /**
     * Applies queued commands unless another thread is at it. The emptiness check after letting
     * go of the lock catches a command queued by a thread whose {@code tryLock} failed just before.
     */
    private void drain() {
        while (!queue.isEmpty() && applying.tryLock()) {
            try {
                Runnable task;
                while ((task = queue.poll()) != null) {
                    task.run();
                }
            } finally {
                applying.unlock();
            }
        }
    }

    private Applied apply(LedgerCommand command) {
        Applied applied = ledger.apply(command);
        for (LedgerListener listener : listeners) {
            try {
                listener.applied(command, applied);
            } catch (RuntimeException e) {
                LOG.error("a ledger listener failed on {}; the ledger carries on", command.getClass().getSimpleName(), e);
            }
        }
        return applied;
    }

    @Override
    public void addListener(LedgerListener listener) {
        listeners.add(listener);
    }

    @Override
    public long now() {
        return clock.millis();
    }

    @Override
    public void close() {
        running = false;
        applying.lock();
        try {
            Runnable left;
            while ((left = queue.poll()) != null) {
                left.run();
            }
        } finally {
            applying.unlock();
        }
        // A command queued while the lock was held here, by a submitter that found it taken.
        drain();
    }
}
