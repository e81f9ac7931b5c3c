package io.licman.server.report;

import java.time.LocalDate;

/** Fast fixed-width UTC times for the report log: {@code 2026-11-27T14:37:22.123Z}. */
final class Times {

    static final long DAY_MS = 86_400_000L;
    static final long HOUR_MS = 3_600_000L;

    private static final ThreadLocal<Cache> CACHE = ThreadLocal.withInitial(Cache::new);

    private Times() {
    }

    static long epochDay(long millis) {
        return Math.floorDiv(millis, DAY_MS);
    }

    /** Appends {@link #format(long)}'s text to a report line. */
    static void format(long millis, RecordCodec.Line out) {
        long day = Math.floorDiv(millis, DAY_MS);
        Cache c = CACHE.get();
        if (c.day != day || c.date == null) {
            c.day = day;
            c.date = LocalDate.ofEpochDay(day).toString();
        }
        int ms = (int) (millis - day * DAY_MS);
        out.ascii(c.date).put('T');
        twoDigits(out, ms / 3_600_000);
        out.put(':');
        twoDigits(out, ms / 60_000 % 60);
        out.put(':');
        twoDigits(out, ms / 1000 % 60);
        int frac = ms % 1000;
        out.put('.').put('0' + frac / 100).put('0' + frac / 10 % 10).put('0' + frac % 10).put('Z');
    }

    private static void twoDigits(RecordCodec.Line out, int v) {
        out.put('0' + v / 10).put('0' + v % 10);
    }

    static String format(long millis) {
        long day = Math.floorDiv(millis, DAY_MS);
        Cache c = CACHE.get();
        if (c.day != day || c.date == null) {
            c.day = day;
            c.date = LocalDate.ofEpochDay(day).toString();
        }
        int ms = (int) (millis - day * DAY_MS);
        StringBuilder b = new StringBuilder(24).append(c.date).append('T');
        two(b, ms / 3_600_000);
        b.append(':');
        two(b, ms / 60_000 % 60);
        b.append(':');
        two(b, ms / 1000 % 60);
        b.append('.');
        int frac = ms % 1000;
        b.append((char) ('0' + frac / 100)).append((char) ('0' + frac / 10 % 10)).append((char) ('0' + frac % 10));
        return b.append('Z').toString();
    }

    /** Parses what {@link #format} writes; other ISO forms fall back to {@link java.time.Instant#parse}. */
    static long parse(String text) {
        if (text.length() == 24 && text.charAt(10) == 'T' && text.charAt(23) == 'Z' && text.charAt(19) == '.') {
            Cache c = CACHE.get();
            String date = text.substring(0, 10);
            if (!date.equals(c.parsedDate)) {
                c.parsedDate = date;
                c.parsedDay = LocalDate.parse(date).toEpochDay();
            }
            long ms = num(text, 11, 2) * 3_600_000L + num(text, 14, 2) * 60_000L + num(text, 17, 2) * 1000L + num(text, 20, 3);
            return c.parsedDay * DAY_MS + ms;
        }
        return java.time.Instant.parse(text).toEpochMilli();
    }

    private static long num(String s, int from, int len) {
        long v = 0;
        for (int i = from; i < from + len; i++) {
            char ch = s.charAt(i);
            if (ch < '0' || ch > '9') {
                throw new IllegalArgumentException("not a time: " + s);
            }
            v = v * 10 + (ch - '0');
        }
        return v;
    }

    private static void two(StringBuilder b, int v) {
        b.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
    }

    private static final class Cache {
        long day = Long.MIN_VALUE;
        String date;
        String parsedDate;
        long parsedDay;
    }
}
