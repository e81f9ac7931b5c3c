package io.licman.server.report;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Folds hourly aggregates into buckets of an hour, a day or a month: the one aggregation both
 * reports and the dashboard's history chart use.
 */
public final class UsageBuckets {

    /** A bucket's width. */
    public enum Resolution {
        HOUR, DAY, MONTH;

        public static Optional<Resolution> parse(String text) {
            for (Resolution r : values()) {
                if (r.name().equalsIgnoreCase(text)) {
                    return Optional.of(r);
                }
            }
            return Optional.empty();
        }

        public String text() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The start of the bucket holding {@code hourStart}, epoch ms. */
        long bucketOf(long hourStart) {
            return switch (this) {
                case HOUR -> hourStart;
                case DAY -> Math.floorDiv(hourStart, Times.DAY_MS) * Times.DAY_MS;
                case MONTH -> LocalDate.ofEpochDay(Math.floorDiv(hourStart, Times.DAY_MS)).withDayOfMonth(1)
                        .atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
            };
        }
    }

    /** One bucket of one feature. */
    public static final class Bucket {
        public final long start;
        public int peak;
        public int capacity;
        public long seatMs;
        public long capacityMs;
        public long coveredMs;
        public long grants;
        public long denials;
        public long queued;
        public long borrows;
        public int borrowPeak;
        public int overdraftPeak;

        Bucket(long start) {
            this.start = start;
        }

        /** Average seats in use over the time covered. */
        public double averageSeats() {
            return coveredMs == 0 ? 0 : (double) seatMs / coveredMs;
        }

        /** Seat-hours used. */
        public double seatHours() {
            return seatMs / (double) Times.HOUR_MS;
        }

        /** Seats used over seats licensed while the server ran, percent; NaN when nothing was licensed. */
        public double utilisation() {
            return capacityMs == 0 ? Double.NaN : 100.0 * seatMs / capacityMs;
        }
    }

    private final Resolution resolution;
    private final Map<String, TreeMap<Long, Bucket>> byFeature = new TreeMap<>();

    public UsageBuckets(Resolution resolution) {
        this.resolution = resolution;
    }

    /** Adds a day's hours, for the features {@code filter} accepts (null: all). */
    public void add(DayHours day, FeatureFilter filter) {
        long dayStart = LocalDate.parse(day.date).toEpochDay() * Times.DAY_MS;
        int hoursCovered = (int) Math.min(24, (day.coveredMs + Times.HOUR_MS - 1) / Times.HOUR_MS);
        for (Map.Entry<String, DayHours.FeatureHours> e : day.features.entrySet()) {
            DayHours.FeatureHours f = e.getValue();
            if (filter != null && !filter.accepts(f.vendor, f.feature)) {
                continue;
            }
            TreeMap<Long, Bucket> buckets = byFeature.computeIfAbsent(e.getKey(), k -> new TreeMap<>());
            for (int h = 0; h < hoursCovered; h++) {
                long hourStart = dayStart + h * Times.HOUR_MS;
                Bucket b = buckets.computeIfAbsent(resolution.bucketOf(hourStart), Bucket::new);
                b.peak = Math.max(b.peak, f.peak[h]);
                b.capacity = Math.max(b.capacity, f.capacity[h]);
                b.seatMs += f.seatMs[h];
                b.capacityMs += f.capacityMs[h];
                b.coveredMs += Math.min(Times.HOUR_MS, day.coveredMs - h * Times.HOUR_MS);
                b.grants += f.grants[h];
                b.denials += f.denials[h];
                b.queued += f.queued[h];
                b.borrows += f.borrows[h];
                b.borrowPeak = Math.max(b.borrowPeak, f.borrowPeak[h]);
                b.overdraftPeak = Math.max(b.overdraftPeak, f.overdraftPeak[h]);
            }
        }
    }

    /** {@code vendor/feature} → buckets in time order. */
    public Map<String, TreeMap<Long, Bucket>> features() {
        return byFeature;
    }

    /** Which features a report or chart covers. */
    @FunctionalInterface
    public interface FeatureFilter {
        boolean accepts(String vendor, String feature);

        /** {@code FEATURE} or {@code VENDOR/FEATURE}; null or empty accepts all. */
        static FeatureFilter of(String spec) {
            if (spec == null || spec.isBlank()) {
                return (v, f) -> true;
            }
            int slash = spec.indexOf('/');
            if (slash < 0) {
                return (v, f) -> f.equals(spec);
            }
            String vendor = spec.substring(0, slash);
            String feature = spec.substring(slash + 1);
            return (v, f) -> v.equals(vendor) && f.equals(feature);
        }
    }
}
