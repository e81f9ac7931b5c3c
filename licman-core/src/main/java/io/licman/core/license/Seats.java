package io.licman.core.license;

/**
 * How many concurrent seats a feature grants: a number, or {@code uncounted} (no limit,
 * typically together with a node-locked host binding).
 *
 * @param count the number of seats; meaningless when {@code uncounted}
 * @param uncounted true when the feature has no seat limit
 */
public record Seats(int count, boolean uncounted) {

    /** The text form of an uncounted feature. */
    public static final String UNCOUNTED = "uncounted";

    public Seats {
        if (uncounted && count != 0) {
            throw new IllegalArgumentException("an uncounted feature has no seat count");
        }
        if (count < 0) {
            throw new IllegalArgumentException("a seat count cannot be negative: " + count);
        }
    }

    /** A limited number of seats. */
    public static Seats of(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("a counted feature needs at least 1 seat, not " + count);
        }
        return new Seats(count, false);
    }

    /** No seat limit. */
    public static Seats unlimited() {
        return new Seats(0, true);
    }

    /**
     * Parses {@code uncounted} or a positive whole number.
     *
     * @throws IllegalArgumentException with a message saying what was expected
     */
    public static Seats parse(String text) {
        if (UNCOUNTED.equals(text)) {
            return unlimited();
        }
        if (!text.matches("\\d{1,9}")) {
            throw new IllegalArgumentException("'" + text + "' is not a seat count: expected a whole number or 'uncounted'");
        }
        return of(Integer.parseInt(text));
    }

    @Override
    public String toString() {
        return uncounted ? UNCOUNTED : Integer.toString(count);
    }
}
