package io.licman.server.ledger;

/** Seats kept for their last user after check-in, until {@code until}. */
public record LingerStatus(String vendor, String feature, String poolId, String user, String host, int seats, long until) {
}
