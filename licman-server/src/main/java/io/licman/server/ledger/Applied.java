package io.licman.server.ledger;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of applying one command: its result for the caller and the events it caused, in
 * order.
 */
public record Applied(LedgerResult result, List<LedgerEvent> events) {

    public Applied {
        Objects.requireNonNull(result, "result");
        events = List.copyOf(events);
    }
}
