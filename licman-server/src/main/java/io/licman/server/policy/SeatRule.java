package io.licman.server.policy;

import java.util.Objects;

/**
 * A {@code RESERVE n feature TYPE name} or {@code MAX n feature TYPE name} rule.
 *
 * <p>Seats are counted in the license's unit: a checkout of {@code count} on a feature costing
 * {@code tokens} takes {@code count * tokens} seats.
 *
 * @param seats the number of seats reserved or allowed
 * @param feature the feature it governs
 * @param target whom it names; for {@code GROUP}, {@code HOST_GROUP} and {@code INTERNET} the
 *     whole set of matching requesters is counted together
 */
public record SeatRule(int seats, FeatureRef feature, Target target) {

    public SeatRule {
        if (seats < 0) {
            throw new IllegalArgumentException("a seat rule cannot name a negative number of seats: " + seats);
        }
        Objects.requireNonNull(feature, "feature");
        Objects.requireNonNull(target, "target");
    }
}
