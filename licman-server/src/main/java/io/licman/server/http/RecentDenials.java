package io.licman.server.http;

import io.licman.server.engine.LedgerListener;
import io.licman.server.ledger.Applied;
import io.licman.server.ledger.LedgerCommand;
import io.licman.server.ledger.LedgerEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** The last checkout denials, newest first, for the API and the dashboard; kept in memory only. */
public final class RecentDenials implements LedgerListener {

    /** Denials kept. */
    public static final int CAPACITY = 500;

    private final Deque<LedgerEvent.Denied> denials = new ArrayDeque<>(CAPACITY);

    @Override
    public void applied(LedgerCommand command, Applied applied) {
        for (LedgerEvent event : applied.events()) {
            if (event instanceof LedgerEvent.Denied d) {
                synchronized (denials) {
                    if (denials.size() == CAPACITY) {
                        denials.removeLast();
                    }
                    denials.addFirst(d);
                }
            }
        }
    }

    /** Up to {@code limit} denials, newest first. */
    public List<LedgerEvent.Denied> latest(int limit) {
        synchronized (denials) {
            List<LedgerEvent.Denied> out = new ArrayList<>(Math.min(limit, denials.size()));
            for (LedgerEvent.Denied d : denials) {
                if (out.size() == limit) {
                    break;
                }
                out.add(d);
            }
            return out;
        }
    }
}
