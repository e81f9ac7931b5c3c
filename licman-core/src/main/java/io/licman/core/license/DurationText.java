package io.licman.core.license;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them in license and options files: {@code 90s}, {@code 15m},
 * {@code 72h}, {@code 7d}, {@code 2w}, or a plain number of seconds.
 */
public final class DurationText {

    private static final Pattern SYNTAX = Pattern.compile("(\\d{1,10})([smhdw]?)");

    private DurationText() {
    }

    /**
     * Parses a duration.
     *
     * @throws IllegalArgumentException saying what was expected
     */
    public static Duration parse(String text) {
        Matcher m = SYNTAX.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration: expected a number with an optional unit "
                    + "s, m, h, d or w, such as 30s, 15m, 72h or 7d");
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "", "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            case "w" -> Duration.ofDays(amount * 7);
            default -> throw new AssertionError(m.group(2));
        };
    }

    /** The shortest exact text for a duration: {@code 0}, {@code 90s}, {@code 15m}, {@code 72h}, {@code 7d}. */
    public static String format(Duration duration) {
        long seconds = duration.getSeconds();
        if (seconds == 0) {
            return "0";
        }
        if (seconds % 86_400 == 0) {
            return seconds / 86_400 + "d";
        }
        if (seconds % 3_600 == 0) {
            return seconds / 3_600 + "h";
        }
        if (seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }
}
