package io.licman.server.engine;

import io.licman.server.ledger.Applied;
import io.licman.server.ledger.LedgerCommand;

/**
 * Told about every applied command, in order, on the thread that applies them. Must be fast and
 * must not throw: a listener that throws is logged and skipped, never allowed to stop the ledger.
 */
@FunctionalInterface
public interface LedgerListener {

    void applied(LedgerCommand command, Applied applied);
}
