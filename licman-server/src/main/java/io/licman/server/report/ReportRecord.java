package io.licman.server.report;

/**
 * One line of the report log, as written and as read back. A plain mutable holder, reused while
 * reading millions of lines; absent text fields are {@code null}, absent numbers 0.
 *
 * <p>Kinds ({@link #ev}): {@code grant}, {@code deny}, {@code queue}, {@code dequeue},
 * {@code checkin}, {@code expire}, {@code remove}, {@code borrow}, {@code return},
 * {@code linger}, {@code linger-end}, {@code overdraft}, {@code orphan}, {@code reload},
 * {@code assign}, {@code unassign}, and the log's own {@code capacity}, {@code inuse}, {@code start},
 * {@code stop}, {@code day}, {@code dropped}, {@code recovered}. Reference: {@code docs/reports.md}.
 */
public final class ReportRecord {

    /** Position in the whole log, from 1, without gaps. */
    public long seq;
    /** Time, epoch milliseconds (UTC). */
    public long t;
    public String ev;
    public String vendor;
    public String feature;
    public String lease;
    public String ticket;
    public String user;
    public String host;
    public String display;
    public String ip;
    public String project;
    /** Licenses asked for or granted; for {@code dropped}, records lost; for {@code reload}, features. */
    public int count;
    /** Seats taken or freed; for {@code capacity}, licensed seats; for {@code reload}, pools. */
    public int seats;
    /** For {@code capacity}: overdraft seats allowed. */
    public int overdraft;
    /** A denial reason, or why a queued request left. */
    public String reason;
    /** Borrow or linger end, or license expiry for {@code capacity}, epoch milliseconds; 0 when none. */
    public long until;
    /** Free text of the log's own records (server name and version at start). */
    public String note;
    /** SHA-256 (hex) of the previous line's bytes; 64 zeros for the first record ever. */
    public String prev;

    public static ReportRecord of(long t, String ev) {
        ReportRecord r = new ReportRecord();
        r.t = t;
        r.ev = ev;
        return r;
    }

    ReportRecord feature(String vendor, String feature) {
        this.vendor = vendor;
        this.feature = feature;
        return this;
    }

    /** Clears every field, to reuse this holder for the next line. */
    void clear() {
        seq = 0;
        t = 0;
        ev = null;
        vendor = null;
        feature = null;
        lease = null;
        ticket = null;
        user = null;
        host = null;
        display = null;
        ip = null;
        project = null;
        count = 0;
        seats = 0;
        overdraft = 0;
        reason = null;
        until = 0;
        note = null;
        prev = null;
    }

    /** {@code vendor/feature}, the key reports use. */
    String featureKey() {
        return vendor + "/" + feature;
    }
}
