package io.licman.server.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one UTC day's report needs besides the hours: use per user, every denial (to find true
 * denials), each user's first grant (for denials late the day before), and the state carried into
 * the next day. The index file {@code reports/index/DAY.day.json}.
 */
public final class DayDetail {

    public String date;
    public long records;
    /** Records the server could not write this day (its queue was full). */
    public long dropped;
    /** Server starts this day. */
    public int starts;
    /** {@code vendor/feature} → user → use. */
    public Map<String, Map<String, UserDay>> users = new TreeMap<>();
    /** {@code vendor/feature} → the day's checkout denials in time order. */
    public Map<String, Denials> denials = new TreeMap<>();
    /** {@code vendor/feature} → user → first grant of the day, epoch ms. */
    public Map<String, Map<String, Long>> firstGrants = new TreeMap<>();
    /** The state at the end of the day (or of what is covered), where the next day starts. */
    public State end = new State();

    /** One user's use of one feature in a day. */
    public static final class UserDay {
        /** Lease time times licenses, milliseconds. */
        public long licenseMs;
        public int grants;
        public int denials;
    }

    /** Denials as parallel lists. */
    public static final class Denials {
        public List<Long> t = new ArrayList<>();
        public List<String> user = new ArrayList<>();
        public List<String> reason = new ArrayList<>();
        /** The same user's next grant of the feature later that day, epoch ms, or -1. */
        public List<Long> nextGrant = new ArrayList<>();
    }

    /** Seats and leases in use at a point in time. */
    public static final class State {
        public long t;
        public Map<String, FeatureNow> features = new TreeMap<>();
        public List<OpenLease> leases = new ArrayList<>();
    }

    /** A feature's seats at a point in time. */
    public static final class FeatureNow {
        public String vendor;
        public String feature;
        public int inUse;
        public int borrowed;
        public int overdraft;
        public int capacity;
        public int overdraftAllowed;
        public long expires;
    }

    /** A lease open at a point in time. */
    public static final class OpenLease {
        public String id;
        public String key;
        public String user;
        public int count;
        /** Start of the part not yet counted in a {@link UserDay}. */
        public long since;
        public boolean borrowed;
        public int overdraft;
    }
}
