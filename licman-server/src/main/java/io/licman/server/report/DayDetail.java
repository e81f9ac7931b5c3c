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
    /** {@code vendor/feature} → use per user. */
    public Map<String, Users> users = new TreeMap<>();
    /** {@code vendor/feature} → the day's checkout denials in time order. */
    public Map<String, Denials> denials = new TreeMap<>();
    /** {@code vendor/feature} → each user's first grant of the day. */
    public Map<String, FirstGrants> firstGrants = new TreeMap<>();
    /** The state at the end of the day (or of what is covered), where the next day starts. */
    public State end = new State();

    /** One user's use of one feature in a day, while the day is aggregated. */
    static final class UserDay {
        /** Lease time times licenses, milliseconds. */
        long licenseMs;
        int grants;
        int denials;
    }

    /** Use per user as parallel arrays (compact to store and quick to read). */
    public static final class Users {
        public String[] user = new String[0];
        /** Lease time times licenses, milliseconds. */
        public long[] licenseMs = new long[0];
        public int[] grants = new int[0];
        public int[] denials = new int[0];
    }

    /** Denials as parallel arrays, in time order. */
    public static final class Denials {
        public long[] t = new long[0];
        public String[] user = new String[0];
        public String[] reason = new String[0];
        /** The same user's next grant of the feature later that day, epoch ms, or -1. */
        public long[] nextGrant = new long[0];
    }

    /** Each user's first grant of the day, as parallel arrays. */
    public static final class FirstGrants {
        public String[] user = new String[0];
        public long[] t = new long[0];
        private Map<String, Long> byUser;

        /** The first grant of {@code name}, or null. */
        synchronized Long of(String name) {
            if (byUser == null) {
                byUser = new java.util.HashMap<>(user.length * 2);
                for (int i = 0; i < user.length; i++) {
                    byUser.put(user[i], t[i]);
                }
            }
            return byUser.get(name);
        }
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
