package io.licman.server.ledger;

/**
 * One queued request.
 *
 * @param position 1 for the head of its feature's queue
 */
public record QueueEntryStatus(TicketId ticket, int position, CheckoutRequest request, long since, long deadline) {
}
