package io.licman.server.engine;

import io.licman.server.ledger.Applied;
import io.licman.server.ledger.Ledger;
import io.licman.server.ledger.LedgerCommand;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * The one way into the ledger. Every change is a {@link LedgerCommand} stamped with the
 * leader's clock and submitted here; the implementation decides where it is applied (in this
 * process, or through a replicated log) and in which order. Reads see a consistent state.
 */
public interface LedgerGateway extends AutoCloseable {

    /**
     * Submits a command built for the current time.
     *
     * @param command builds the command from the leader's time, epoch milliseconds
     * @return the outcome, completed once the command is applied (and durable, where the
     *     implementation is durable)
     */
    CompletableFuture<Applied> submit(LongFunction<LedgerCommand> command);

    /** Runs a read-only query against the current state; the function must not change the ledger. */
    <T> CompletableFuture<T> read(Function<Ledger, T> query);

    /** Registers a listener for every applied command's events, called in apply order. */
    void addListener(LedgerListener listener);

    /** The leader's clock, epoch milliseconds. */
    long now();

    @Override
    void close();
}
