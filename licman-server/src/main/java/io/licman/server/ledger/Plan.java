package io.licman.server.ledger;

/** What the {@link CheckoutPlanner} decided for one request. */
sealed interface Plan {

    /** Join an active shared seat group; no new seats. */
    record Join(Pool pool, SeatGroup group) implements Plan {
    }

    /** Take back the user's own lingering seats; no new seats. */
    record Reclaim(Pool pool, SeatGroup group) implements Plan {
    }

    /** Take {@code cost} new seats from {@code pool}, charging {@code charges} to the feature's reservations. */
    record Take(Pool pool, int cost, int[] charges, int reserved) implements Plan {
    }

    /** Not now, but possibly later: queue if asked, else deny with this reason. */
    record Wait(DenialReason reason, String message, boolean showHolders) implements Plan {
    }

    /** Never, as things stand: deny, do not queue. */
    record Refuse(DenialReason reason, String message) implements Plan {
    }
}
