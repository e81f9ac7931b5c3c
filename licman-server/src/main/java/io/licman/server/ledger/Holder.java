package io.licman.server.ledger;

/**
 * Someone holding seats of a feature, as listed in a denial when the policy allows it.
 *
 * @param user the user
 * @param host the host
 * @param since when the seat was taken, epoch milliseconds
 * @param lingering true when the seat was returned but lingers for its last user
 */
public record Holder(String user, String host, long since, boolean lingering) {
}
