package io.licman.server.ledger;

/** A checkout waiting in its feature's queue. */
final class QueueEntry {

    final long ticket;
    final long seq;
    final Secret secret;
    final CheckoutRequest request;
    final long since;
    long deadline;

    QueueEntry(long ticket, long seq, Secret secret, CheckoutRequest request, long since, long deadline) {
        this.ticket = ticket;
        this.seq = seq;
        this.secret = secret;
        this.request = request;
        this.since = since;
        this.deadline = deadline;
    }

    TicketId ticketId() {
        return new TicketId(ticket);
    }
}
