package io.licman.server.ledger;

import java.util.List;

/**
 * What a checkout would get now, and why, without changing anything ({@code licman diag}).
 *
 * @param verdict grant, queue or deny
 * @param reason the denial (or waiting) reason, or {@code null} for a grant
 * @param summary one sentence
 * @param poolId the pool that would grant, or {@code null}
 * @param steps how each pool and rule was judged, in order
 * @param holders who holds the seats (when the policy shows holders)
 * @param queuedAhead requests already queued for the feature
 */
public record Diagnosis(Verdict verdict, DenialReason reason, String summary, String poolId, List<String> steps,
                       List<Holder> holders, int queuedAhead) {

    /** The outcome a checkout would have. */
    public enum Verdict { GRANT, QUEUE, DENY }

    public Diagnosis {
        steps = List.copyOf(steps);
        holders = List.copyOf(holders);
    }
}
