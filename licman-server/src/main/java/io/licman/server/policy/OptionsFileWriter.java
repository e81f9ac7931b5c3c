package io.licman.server.policy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link Policy} as a canonical options file: one rule per line in a fixed order
 * (switches, groups, access rules, seat rules, durations, logging). Parsing the text gives an
 * equal policy, so the text is also how policies are stored in snapshots and replicated commands.
 */
public final class OptionsFileWriter {

    private OptionsFileWriter() {
    }

    /** The canonical options text of {@code policy}. */
    public static String write(Policy policy) {
        StringBuilder out = new StringBuilder(256);
        if (policy.usersCaseInsensitive()) {
            out.append("GROUPCASEINSENSITIVE ON\n");
        }
        if (!policy.showHolders()) {
            out.append("SHOW_HOLDERS OFF\n");
        }
        groups(out, "GROUP", policy.groups());
        groups(out, "HOST_GROUP", policy.hostGroups());
        access(out, "INCLUDE", policy.includes());
        access(out, "EXCLUDE", policy.excludes());
        for (SeatRule r : policy.reservations()) {
            out.append("RESERVE ").append(r.seats()).append(' ').append(r.feature()).append(' ').append(r.target()).append('\n');
        }
        for (SeatRule r : policy.maxima()) {
            out.append("MAX ").append(r.seats()).append(' ').append(r.feature()).append(' ').append(r.target()).append('\n');
        }
        policy.timeoutAll().ifPresent(d -> out.append("TIMEOUTALL ").append(d.toSeconds()).append('\n'));
        policy.timeouts().forEach((f, d) -> out.append("TIMEOUT ").append(f).append(' ').append(d.toSeconds()).append('\n'));
        policy.lingers().forEach((f, d) -> out.append("LINGER ").append(f).append(' ').append(seconds(d)).append('\n'));
        policy.maxBorrowHours().forEach((f, h) -> out.append("MAX_BORROW_HOURS ").append(f).append(' ').append(h).append('\n'));
        policy.maxOverdrafts().forEach((f, n) -> out.append("MAX_OVERDRAFT ").append(f).append(' ').append(n).append('\n'));
        for (LogCategory c : LogCategory.values()) {
            if (!policy.logs(c)) {
                out.append("NOLOG ").append(c).append('\n');
            }
        }
        return out.toString();
    }

    private static long seconds(Duration d) {
        return d.toSeconds();
    }

    private static void groups(StringBuilder out, String keyword, Map<String, List<String>> groups) {
        groups.forEach((name, members) -> {
            out.append(keyword).append(' ').append(OptionsText.quoteIfNeeded(name));
            for (String m : members) {
                out.append(' ').append(OptionsText.quoteIfNeeded(m));
            }
            out.append('\n');
        });
    }

    private static void access(StringBuilder out, String keyword, List<AccessRule> rules) {
        for (AccessRule r : rules) {
            if (r.isAll()) {
                out.append(keyword).append("ALL ").append(r.target()).append('\n');
            } else {
                out.append(keyword).append(' ').append(r.feature()).append(' ').append(r.target()).append('\n');
            }
        }
    }
}
