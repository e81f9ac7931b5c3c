package io.licman.server.engine;

import io.licman.server.ledger.Applied;
import io.licman.server.ledger.Ledger;
import io.licman.server.ledger.LedgerCommand;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies commands to an in-memory ledger on one dedicated thread, in submission order. The
 * thread drains everything queued each time it wakes, so a burst of requests costs one wake-up.
 * Not durable: a restart forgets every lease.
 */
public final class LocalLedgerGateway implements LedgerGateway {

    private static final Logger LOG = LoggerFactory.getLogger(LocalLedgerGateway.class);

    private final Ledger ledger;
    private final Clock clock;
    private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final List<LedgerListener> listeners = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean parked;

    public LocalLedgerGateway(Ledger ledger, Clock clock) {
        this.ledger = ledger;
        this.clock = clock;
        this.thread = new Thread(this::loop, "licman-ledger");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    @Override
    public CompletableFuture<Applied> submit(LongFunction<LedgerCommand> command) {
        CompletableFuture<Applied> result = new CompletableFuture<>();
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
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        if (parked) {
            LockSupport.unpark(thread);
        }
    }

    private void loop() {
        while (running || !queue.isEmpty()) {
            Runnable task = queue.poll();
            if (task != null) {
                task.run();
                continue;
            }
            parked = true;
            if (queue.isEmpty() && running) {
                LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(50));
            }
            parked = false;
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
        LockSupport.unpark(thread);
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Runnable left;
        while ((left = queue.poll()) != null) {
            left.run();
        }
    }
}
