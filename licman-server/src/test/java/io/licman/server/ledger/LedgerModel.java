package io.licman.server.ledger;

import io.licman.core.hostid.HostId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A ledger under random test, with the handles it has handed out (so steps can return them),
 * the commands applied so far, and an optional {@link InvariantChecker} run around every command.
 */
final class LedgerModel {

    static final List<HostId> SERVER_IDS = List.of(HostId.parse("hostname:lic1"));

    /** A lease the model holds. */
    record Held(LeaseId lease, Secret secret) {
    }

    /** A queue ticket the model holds. */
    record Waiting(TicketId ticket, Secret secret) {
    }

    final Ledger ledger;
    final InvariantChecker checker;
    long now = LedgerHarness.T0;
    final Map<LeaseId, Held> held = new LinkedHashMap<>();
    final Map<TicketId, Waiting> waiting = new LinkedHashMap<>();
    final List<LedgerCommand> history = new ArrayList<>();
    final List<Applied> outcomes = new ArrayList<>();
    private final List<String> steps = new ArrayList<>();

    LedgerModel(boolean check) {
        this(Ledger.create(LedgerSettings.withSeed(LedgerHarness.SEED)), check ? new InvariantChecker() : null);
        apply(new LedgerCommand.Reload(now, Steps.startingFeatures(), LedgerHarness.policy(Steps.startingOptions()), SERVER_IDS));
    }

    LedgerModel(Ledger ledger, InvariantChecker checker) {
        this.ledger = ledger;
        this.checker = checker;
    }

    /** Runs one step; returns this model. */
    LedgerModel step(Step step) {
        steps.add(step.toString());
        LedgerCommand command = step.command(this);
        if (command != null) {
            apply(command);
        }
        return this;
    }

    Applied apply(LedgerCommand command) {
        InvariantChecker.Before before = checker == null ? null : checker.before(ledger);
        Applied applied = ledger.apply(command);
        record(applied);
        history.add(command);
        outcomes.add(applied);
        if (checker != null) {
            checker.after(command, applied, ledger, before);
        }
        return applied;
    }

    private void record(Applied a) {
        if (a.result() instanceof LedgerResult.Granted g) {
            held.put(g.grant().lease(), new Held(g.grant().lease(), g.grant().secret()));
        } else if (a.result() instanceof LedgerResult.Queued q) {
            waiting.put(q.ticket(), new Waiting(q.ticket(), q.secret()));
        }
        for (LedgerEvent e : a.events()) {
            if (e instanceof LedgerEvent.QueueGranted q) {
                waiting.remove(q.ticket());
                held.put(q.grant().lease(), new Held(q.grant().lease(), q.grant().secret()));
            } else if (e instanceof LedgerEvent.LeaseEnded end) {
                held.remove(end.lease());
            } else if (e instanceof LedgerEvent.Dequeued d) {
                waiting.remove(d.ticket());
            }
        }
    }

    /** A held lease chosen by {@code pick}, or an unknown one when none is held. */
    Held pickLease(int pick) {
        if (held.isEmpty()) {
            return new Held(new LeaseId(0x1234), Secret.of(new byte[16]));
        }
        return new ArrayList<>(held.values()).get(pick % held.size());
    }

    /** A held ticket chosen by {@code pick}, or an unknown one when none is held. */
    Waiting pickTicket(int pick) {
        if (waiting.isEmpty()) {
            return new Waiting(new TicketId(0x4321), Secret.of(new byte[16]));
        }
        return new ArrayList<>(waiting.values()).get(pick % waiting.size());
    }

    @Override
    public String toString() {
        return "LedgerModel(" + steps.size() + " steps, " + ledger.leaseCount() + " leases, clock " + (ledger.clock() - LedgerHarness.T0) + " ms)";
    }
}
