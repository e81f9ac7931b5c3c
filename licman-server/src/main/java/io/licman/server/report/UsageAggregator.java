package io.licman.server.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns one UTC day of report records, in order, into that day's {@link DayHours} and
 * {@link DayDetail}, starting from the state the previous day ended in. The same code runs in the
 * server as records are written (the live chart) and when an index is rebuilt from a log file.
 *
 * <p>Seats in use change only with the records that take or free them ({@code grant},
 * {@code checkin}/{@code expire}/{@code remove}, {@code linger-end}); a {@code start} or
 * {@code stop} record means the server forgot every lease, so everything drops to 0 then.
 */
final class UsageAggregator {

    private final long dayStart;
    private final long dayEnd;
    private final Map<String, Live> live = new TreeMap<>();
    private final Map<String, DayDetail.OpenLease> leases = new HashMap<>();
    private final Map<String, Map<String, List<Long>>> grantTimes = new HashMap<>();
    private final Map<String, Map<String, DayDetail.UserDay>> users = new TreeMap<>();
    private final Map<String, DenialList> denials = new TreeMap<>();
    private final Map<String, Map<String, Long>> firstGrants = new TreeMap<>();
    private final DayDetail detail = new DayDetail();
    private long lastT;

    /** An aggregator for {@code epochDay}, starting from {@code start} (null: nothing in use). */
    UsageAggregator(long epochDay, DayDetail.State start) {
        this.dayStart = epochDay * Times.DAY_MS;
        this.dayEnd = dayStart + Times.DAY_MS;
        this.lastT = dayStart;
        this.detail.date = java.time.LocalDate.ofEpochDay(epochDay).toString();
        if (start != null) {
            for (DayDetail.FeatureNow f : start.features.values()) {
                Live l = live(f.vendor, f.feature);
                l.inUse = f.inUse;
                l.borrowed = f.borrowed;
                l.overdraft = f.overdraft;
                l.capacity = f.capacity;
                l.overdraftAllowed = f.overdraftAllowed;
                l.expires = f.expires;
                touch(l, 0);
            }
            for (DayDetail.OpenLease o : start.leases) {
                DayDetail.OpenLease copy = copy(o);
                copy.since = dayStart;
                leases.put(copy.id, copy);
            }
        }
    }

    long epochDay() {
        return dayStart / Times.DAY_MS;
    }

    /** Takes one record of this day (times before the day or the previous record count as those). */
    void accept(ReportRecord r) {
        long t = Math.min(Math.max(r.t, lastT), dayEnd - 1);
        lastT = t;
        detail.records++;
        int hour = (int) ((t - dayStart) / Times.HOUR_MS);
        switch (r.ev) {
            case "grant" -> grant(r, t, hour);
            case "deny" -> deny(r, t, hour);
            case "queue" -> advanced(r, t).h.queued[hour]++;
            case "checkin", "expire", "remove" -> leaseEnd(r, t, hour);
            case "linger-end" -> {
                Live l = advanced(r, t);
                l.inUse = Math.max(0, l.inUse - r.seats);
            }
            case "borrow" -> borrow(r, t, hour);
            case "overdraft" -> {
                Live l = advanced(r, t);
                l.overdraft += r.seats;
                DayDetail.OpenLease o = leases.get(r.lease);
                if (o != null) {
                    o.overdraft += r.seats;
                }
                touch(l, hour);
            }
            case "inuse" -> {
                Live l = advanced(r, t);
                l.inUse = r.seats;
                touch(l, hour);
            }
            case "capacity" -> {
                Live l = advanced(r, t);
                l.capacity = r.seats;
                l.overdraftAllowed = r.overdraft;
                l.expires = r.until;
                touch(l, hour);
            }
            case "start", "stop" -> {
                forgetEverything(t);
                if (r.ev.equals("start")) {
                    detail.starts++;
                }
            }
            case "dropped" -> detail.dropped += r.count;
            default -> {
                // reload, return, linger, dequeue, orphan, assign, unassign, day, recovered: nothing to count.
            }
        }
    }

    private void grant(ReportRecord r, long t, int hour) {
        Live l = advanced(r, t);
        l.inUse += r.seats;
        l.h.grants[hour]++;
        String user = user(r);
        userDay(l.key, user).grants++;
        grantTimes.computeIfAbsent(l.key, k -> new HashMap<>()).computeIfAbsent(user, u -> new ArrayList<>()).add(t);
        firstGrants.computeIfAbsent(l.key, k -> new TreeMap<>()).putIfAbsent(user, t);
        if (r.lease != null) {
            DayDetail.OpenLease o = new DayDetail.OpenLease();
            o.id = r.lease;
            o.key = l.key;
            o.user = user;
            o.count = Math.max(1, r.count);
            o.since = t;
            leases.put(o.id, o);
        }
        touch(l, hour);
    }

    private void deny(ReportRecord r, long t, int hour) {
        Live l = advanced(r, t);
        l.h.denials[hour]++;
        String user = user(r);
        userDay(l.key, user).denials++;
        DenialList d = denials.computeIfAbsent(l.key, k -> new DenialList());
        d.t.add(t);
        d.user.add(user);
        d.reason.add(r.reason == null ? "" : r.reason);
    }

    private void leaseEnd(ReportRecord r, long t, int hour) {
        Live l = advanced(r, t);
        l.inUse = Math.max(0, l.inUse - r.seats);
        DayDetail.OpenLease o = r.lease == null ? null : leases.remove(r.lease);
        if (o != null) {
            userDay(o.key, o.user).licenseMs += (t - o.since) * o.count;
            if (o.borrowed) {
                l.borrowed = Math.max(0, l.borrowed - o.count);
            }
            l.overdraft = Math.max(0, l.overdraft - o.overdraft);
        }
        touch(l, hour);
    }

    private void borrow(ReportRecord r, long t, int hour) {
        DayDetail.OpenLease o = leases.get(r.lease);
        if (o == null || o.borrowed) {
            return;
        }
        Live l = live.get(o.key);
        if (l == null) {
            return;
        }
        advance(l, t);
        o.borrowed = true;
        l.borrowed += o.count;
        l.h.borrows[hour]++;
        touch(l, hour);
    }

    private void forgetEverything(long t) {
        for (DayDetail.OpenLease o : leases.values()) {
            userDay(o.key, o.user).licenseMs += (t - o.since) * o.count;
        }
        leases.clear();
        for (Live l : live.values()) {
            advance(l, t);
            l.inUse = 0;
            l.borrowed = 0;
            l.overdraft = 0;
            l.capacity = 0;
        }
    }

    /** Finishes the day: everything runs on to midnight. The aggregator must not be used after. */
    Day finish() {
        return build(dayEnd, true);
    }

    /** The day so far, up to {@code now}; the aggregator goes on accepting records after. */
    Day snapshot(long now) {
        long until = Math.min(Math.max(now, lastT), dayEnd);
        return build(until, false);
    }

    private Day build(long until, boolean finish) {
        DayHours hours = new DayHours();
        hours.date = detail.date;
        hours.coveredMs = until - dayStart;
        for (Live l : live.values()) {
            advance(l, until);
            hours.features.put(l.key, finish ? l.h : l.h.copy());
        }
        DayDetail out = new DayDetail();
        out.date = detail.date;
        out.records = detail.records;
        out.dropped = detail.dropped;
        out.starts = detail.starts;
        Map<String, Map<String, long[]>> partial = new HashMap<>();
        for (DayDetail.OpenLease o : leases.values()) {
            partial.computeIfAbsent(o.key, k -> new HashMap<>()).computeIfAbsent(o.user, k -> new long[1])[0] += (until - o.since) * o.count;
            if (finish) {
                userDay(o.key, o.user).licenseMs += (until - o.since) * o.count;
                o.since = until;
            }
        }
        java.util.Set<String> keys = new java.util.TreeSet<>(users.keySet());
        keys.addAll(partial.keySet());
        for (String key : keys) {
            Map<String, DayDetail.UserDay> byUser = new TreeMap<>(users.getOrDefault(key, Map.of()));
            Map<String, long[]> extra = finish ? Map.of() : partial.getOrDefault(key, Map.of());
            extra.keySet().forEach(u -> byUser.putIfAbsent(u, new DayDetail.UserDay()));
            DayDetail.Users table = new DayDetail.Users();
            int n = byUser.size();
            table.user = new String[n];
            table.licenseMs = new long[n];
            table.grants = new int[n];
            table.denials = new int[n];
            int i = 0;
            for (Map.Entry<String, DayDetail.UserDay> e : byUser.entrySet()) {
                long[] more = extra.get(e.getKey());
                table.user[i] = e.getKey();
                table.licenseMs[i] = e.getValue().licenseMs + (more == null ? 0 : more[0]);
                table.grants[i] = e.getValue().grants;
                table.denials[i] = e.getValue().denials;
                i++;
            }
            out.users.put(key, table);
        }
        for (Map.Entry<String, DenialList> e : denials.entrySet()) {
            DenialList d = e.getValue();
            Map<String, List<Long>> grants = grantTimes.getOrDefault(e.getKey(), Map.of());
            DayDetail.Denials table = new DayDetail.Denials();
            int n = d.t.size();
            table.t = new long[n];
            table.user = d.user.toArray(new String[0]);
            table.reason = d.reason.toArray(new String[0]);
            table.nextGrant = new long[n];
            for (int i = 0; i < n; i++) {
                table.t[i] = d.t.get(i);
                table.nextGrant[i] = firstAtOrAfter(grants.get(d.user.get(i)), d.t.get(i));
            }
            out.denials.put(e.getKey(), table);
        }
        for (Map.Entry<String, Map<String, Long>> e : firstGrants.entrySet()) {
            DayDetail.FirstGrants table = new DayDetail.FirstGrants();
            table.user = e.getValue().keySet().toArray(new String[0]);
            table.t = e.getValue().values().stream().mapToLong(Long::longValue).toArray();
            out.firstGrants.put(e.getKey(), table);
        }
        out.end = state(until);
        return new Day(hours, out);
    }

    private DayDetail.State state(long t) {
        DayDetail.State s = new DayDetail.State();
        s.t = t;
        for (Live l : live.values()) {
            DayDetail.FeatureNow f = new DayDetail.FeatureNow();
            f.vendor = l.vendor;
            f.feature = l.feature;
            f.inUse = l.inUse;
            f.borrowed = l.borrowed;
            f.overdraft = l.overdraft;
            f.capacity = l.capacity;
            f.overdraftAllowed = l.overdraftAllowed;
            f.expires = l.expires;
            s.features.put(l.key, f);
        }
        leases.values().forEach(o -> s.leases.add(copy(o)));
        return s;
    }

    private static long firstAtOrAfter(List<Long> times, long t) {
        if (times == null) {
            return -1;
        }
        int lo = 0;
        int hi = times.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (times.get(mid) < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo < times.size() ? times.get(lo) : -1;
    }

    private Live advanced(ReportRecord r, long t) {
        Live l = live(r.vendor == null ? "?" : r.vendor, r.feature == null ? "?" : r.feature);
        advance(l, t);
        return l;
    }

    private Live live(String vendor, String feature) {
        String key = vendor + "/" + feature;
        Live l = live.get(key);
        if (l == null) {
            l = new Live(vendor, feature, Math.max(lastT, dayStart));
            live.put(key, l);
            touch(l, (int) ((l.lastT - dayStart) / Times.HOUR_MS));
        }
        return l;
    }

    /** Integrates seats over time up to {@code t}, noting the seats carried into each new hour. */
    private void advance(Live l, long t) {
        while (l.lastT < t) {
            int hour = (int) ((l.lastT - dayStart) / Times.HOUR_MS);
            long hourEnd = dayStart + (hour + 1) * Times.HOUR_MS;
            long end = Math.min(t, hourEnd);
            long dt = end - l.lastT;
            l.h.seatMs[hour] += l.inUse * dt;
            l.h.capacityMs[hour] += l.capacity * dt;
            l.lastT = end;
            if (end == hourEnd && hour + 1 < 24) {
                touch(l, hour + 1);
            }
        }
    }

    private static void touch(Live l, int hour) {
        DayHours.FeatureHours h = l.h;
        h.peak[hour] = Math.max(h.peak[hour], l.inUse);
        h.capacity[hour] = Math.max(h.capacity[hour], l.capacity);
        h.borrowPeak[hour] = Math.max(h.borrowPeak[hour], l.borrowed);
        h.overdraftPeak[hour] = Math.max(h.overdraftPeak[hour], l.overdraft);
    }

    private DayDetail.UserDay userDay(String key, String user) {
        return users.computeIfAbsent(key, k -> new TreeMap<>()).computeIfAbsent(user, u -> new DayDetail.UserDay());
    }

    private static String user(ReportRecord r) {
        return r.user == null ? "?" : r.user;
    }

    private static DayDetail.OpenLease copy(DayDetail.OpenLease o) {
        DayDetail.OpenLease c = new DayDetail.OpenLease();
        c.id = o.id;
        c.key = o.key;
        c.user = o.user;
        c.count = o.count;
        c.since = o.since;
        c.borrowed = o.borrowed;
        c.overdraft = o.overdraft;
        return c;
    }

    /** One day's aggregates. */
    record Day(DayHours hours, DayDetail detail) {
    }

    /** The day's denials of one feature, as they come. */
    private static final class DenialList {
        final List<Long> t = new ArrayList<>();
        final List<String> user = new ArrayList<>();
        final List<String> reason = new ArrayList<>();
    }

    /** A feature's running state within the day. */
    private static final class Live {
        final String vendor;
        final String feature;
        final String key;
        final DayHours.FeatureHours h = new DayHours.FeatureHours();
        int inUse;
        int borrowed;
        int overdraft;
        int capacity;
        int overdraftAllowed;
        long expires;
        long lastT;

        Live(String vendor, String feature, long since) {
            this.vendor = vendor;
            this.feature = feature;
            this.key = vendor + "/" + feature;
            this.lastT = since;
            h.vendor = vendor;
            h.feature = feature;
            Arrays.fill(h.peak, 0);
        }
    }
}
