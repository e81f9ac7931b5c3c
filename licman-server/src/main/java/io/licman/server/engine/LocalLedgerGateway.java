package io.licman.server.engine;

import io.licman.server.ledger.Applied;
import io.licman.server.ledger.Ledger;
import io.licman.server.ledger.LedgerCommand;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies commands to an in-memory ledger on one dedicated thread, in submission order. Not
 * durable: a restart forgets every lease. The replicated gateway replaces it for durability.
 */
public final class LocalLedgerGateway implements LedgerGateway {

    private static final Logger LOG = LoggerFactory.getLogger(LocalLedgerGateway.class);

    private final Ledger ledger;
    private final Clock clock;
    private final ExecutorService thread;
    private final List<LedgerListener> listeners = new CopyOnWriteArrayList<>();

    public LocalLedgerGateway(Ledger ledger, Clock clock) {
        this.ledger = ledger;
        this.clock = clock;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "licman-ledger");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public CompletableFuture<Applied> submit(LongFunction<LedgerCommand> command) {
        try {
            return CompletableFuture.supplyAsync(() -> apply(command.apply(clock.millis())), thread);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new IllegalStateException("the server is shutting down"));
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
    public <T> CompletableFuture<T> read(Function<Ledger, T> query) {
        try {
            return CompletableFuture.supplyAsync(() -> query.apply(ledger), thread);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new IllegalStateException("the server is shutting down"));
        }
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
        thread.shutdown();
        try {
            if (!thread.awaitTermination(5, TimeUnit.SECONDS)) {
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

}
