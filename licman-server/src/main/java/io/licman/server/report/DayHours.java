package io.licman.server.report;

import java.util.Map;
import java.util.TreeMap;

/**
 * The hour-by-hour aggregates of one UTC day, per feature: the index file
 * {@code reports/index/DAY.hours.json} the history chart and reports read instead of the log.
 */
public final class DayHours {

    public String date;
    /** Milliseconds of the day covered: 86,400,000 for a finished day, less for today. */
    public long coveredMs;
    /** Per {@code vendor/feature}. */
    public Map<String, FeatureHours> features = new TreeMap<>();

    /** One feature's hours; every array has 24 entries, index 0 for 00:00–01:00 UTC. */
    public static final class FeatureHours {
        public String vendor;
        public String feature;
        /** Most seats in use at once. */
        public int[] peak = new int[24];
        /** Seats in use integrated over time (seat-milliseconds). */
        public long[] seatMs = new long[24];
        /** Licensed seats integrated over time; 0 while the server was not running. */
        public long[] capacityMs = new long[24];
        /** Most licensed seats during the hour. */
        public int[] capacity = new int[24];
        public int[] grants = new int[24];
        public int[] denials = new int[24];
        public int[] queued = new int[24];
        public int[] borrows = new int[24];
        /** Most borrowed seats at once. */
        public int[] borrowPeak = new int[24];
        /** Most overdraft seats in use at once. */
        public int[] overdraftPeak = new int[24];

        FeatureHours copy() {
            FeatureHours c = new FeatureHours();
            c.vendor = vendor;
            c.feature = feature;
            c.peak = peak.clone();
            c.seatMs = seatMs.clone();
            c.capacityMs = capacityMs.clone();
            c.capacity = capacity.clone();
            c.grants = grants.clone();
            c.denials = denials.clone();
            c.queued = queued.clone();
            c.borrows = borrows.clone();
            c.borrowPeak = borrowPeak.clone();
            c.overdraftPeak = overdraftPeak.clone();
            return c;
        }
    }

    DayHours copy() {
        DayHours c = new DayHours();
        c.date = date;
        c.coveredMs = coveredMs;
        features.forEach((k, v) -> c.features.put(k, v.copy()));
        return c;
    }
}
