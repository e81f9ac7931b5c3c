package io.licman.server.report;

import io.licman.server.ledger.ClientIdentity;
import io.licman.server.ledger.LedgerEvent;
import io.licman.server.policy.LogCategory;
import java.util.Locale;
import java.util.Optional;

/** Maps ledger events to report records, and to the {@code NOLOG} category that silences them. */
final class EventRecords {

    private EventRecords() {
    }

    /** The {@code NOLOG} category of an event, or empty for events always logged (reloads, orphans, assignments). */
    static Optional<LogCategory> category(LedgerEvent event) {
        if (event instanceof LedgerEvent.Granted || event instanceof LedgerEvent.Borrowed || event instanceof LedgerEvent.OverdraftUsed) {
            return Optional.of(LogCategory.OUT);
        }
        if (event instanceof LedgerEvent.LeaseEnded || event instanceof LedgerEvent.Returned || event instanceof LedgerEvent.Lingering
                || event instanceof LedgerEvent.LingerEnded) {
            return Optional.of(LogCategory.IN);
        }
        if (event instanceof LedgerEvent.Denied) {
            return Optional.of(LogCategory.DENIED);
        }
        if (event instanceof LedgerEvent.Queued || event instanceof LedgerEvent.Dequeued || event instanceof LedgerEvent.QueueGranted) {
            return Optional.of(LogCategory.QUEUED);
        }
        return Optional.empty();
    }

    /** The record for an event, or null for events the log leaves out (a queued grant: its grant is logged). */
    static ReportRecord toRecord(LedgerEvent event, UserHider hider) {
        if (event instanceof LedgerEvent.Granted e) {
            ReportRecord r = client(ReportRecord.of(e.at(), "grant").feature(e.vendor(), e.feature()), e.client(), hider);
            r.lease = e.lease().toString();
            r.count = e.count();
            r.seats = e.newSeats();
            r.ticket = e.ticket() == null ? null : e.ticket().toString();
            r.until = e.borrowedUntil();
            return r;
        }
        if (event instanceof LedgerEvent.Denied e) {
            ReportRecord r = client(ReportRecord.of(e.at(), "deny").feature(e.vendor(), e.feature()), e.client(), hider);
            r.reason = e.reason().name();
            return r;
        }
        if (event instanceof LedgerEvent.Queued e) {
            ReportRecord r = client(ReportRecord.of(e.at(), "queue").feature(e.vendor(), e.feature()), e.client(), hider);
            r.ticket = e.ticket().toString();
            r.count = e.count();
            return r;
        }
        if (event instanceof LedgerEvent.Dequeued e) {
            ReportRecord r = client(ReportRecord.of(e.at(), "dequeue").feature(e.vendor(), e.feature()), e.client(), hider);
            r.ticket = e.ticket().toString();
            r.reason = e.reason() != null ? e.reason().name() : e.cause().name().toLowerCase(Locale.ROOT);
            return r;
        }
        if (event instanceof LedgerEvent.LeaseEnded e) {
            String ev = e instanceof LedgerEvent.CheckedIn ? "checkin" : e instanceof LedgerEvent.Expired ? "expire" : "remove";
            ReportRecord r = client(ReportRecord.of(e.at(), ev).feature(e.vendor(), e.feature()), e.client(), hider);
            r.lease = e.lease().toString();
            r.seats = e.seatsFreed();
            return r;
        }
        if (event instanceof LedgerEvent.Borrowed e) {
            ReportRecord r = ReportRecord.of(e.at(), "borrow");
            r.lease = e.lease().toString();
            r.until = e.until();
            return r;
        }
        if (event instanceof LedgerEvent.Returned e) {
            ReportRecord r = ReportRecord.of(e.at(), "return");
            r.lease = e.lease().toString();
            return r;
        }
        if (event instanceof LedgerEvent.Lingering e) {
            ReportRecord r = ReportRecord.of(e.at(), "linger").feature(e.vendor(), e.feature());
            r.lease = e.lease().toString();
            r.user = hider.user(e.user());
            r.host = hider.host(e.host());
            r.seats = e.seats();
            r.until = e.until();
            return r;
        }
        if (event instanceof LedgerEvent.LingerEnded e) {
            ReportRecord r = ReportRecord.of(e.at(), "linger-end").feature(e.vendor(), e.feature());
            r.user = hider.user(e.user());
            r.host = hider.host(e.host());
            r.seats = e.seats();
            return r;
        }
        if (event instanceof LedgerEvent.OverdraftUsed e) {
            ReportRecord r = ReportRecord.of(e.at(), "overdraft").feature(e.vendor(), e.feature());
            r.lease = e.lease().toString();
            r.seats = e.overdraftSeats();
            return r;
        }
        if (event instanceof LedgerEvent.Orphaned e) {
            ReportRecord r = ReportRecord.of(e.at(), "orphan").feature(e.vendor(), e.feature());
            r.lease = e.lease().toString();
            return r;
        }
        if (event instanceof LedgerEvent.Reloaded e) {
            ReportRecord r = ReportRecord.of(e.at(), "reload");
            r.count = e.features();
            r.seats = e.pools();
            return r;
        }
        if (event instanceof LedgerEvent.UserAssigned e) {
            ReportRecord r = ReportRecord.of(e.at(), "assign").feature(e.vendor(), e.feature());
            r.user = hider.user(e.user());
            return r;
        }
        if (event instanceof LedgerEvent.UserUnassigned e) {
            ReportRecord r = ReportRecord.of(e.at(), "unassign").feature(e.vendor(), e.feature());
            r.user = hider.user(e.user());
            return r;
        }
        return null;
    }

    private static ReportRecord client(ReportRecord r, ClientIdentity c, UserHider hider) {
        r.user = hider.user(c.user());
        r.host = hider.host(c.host());
        r.display = hider.other("display", c.display());
        r.ip = hider.other("ip", c.ip());
        r.project = c.project();
        return r;
    }
}
