package io.licman.core.license;

import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A dotted numeric feature version such as {@code 2.0} or {@code 2024.1.3}.
 *
 * <p>Versions compare part by part as numbers, a missing part counting as zero, so
 * {@code 2.0} equals {@code 2} in order and {@code 2.10} is newer than {@code 2.9}. The text
 * is kept exactly as written, because it is part of what a vendor signs.
 */
public final class Version implements Comparable<Version> {

    private static final Pattern SYNTAX = Pattern.compile("\\d{1,9}(\\.\\d{1,9}){0,7}");

    private final String text;
    private final int[] parts;

    private Version(String text, int[] parts) {
        this.text = text;
        this.parts = parts;
    }

    /**
     * Parses a version.
     *
     * @throws IllegalArgumentException if the text is not one to eight dot-separated numbers
     */
    public static Version parse(String text) {
        Objects.requireNonNull(text, "text");
        if (!SYNTAX.matcher(text).matches()) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not a version: expected numbers separated by dots, such as 2.0");
        }
        String[] pieces = text.split("\\.");
        int[] parts = new int[pieces.length];
        for (int i = 0; i < pieces.length; i++) {
            parts[i] = Integer.parseInt(pieces[i]);
        }
        return new Version(text, parts);
    }

    /** True when this version is at least {@code minimum}. */
    public boolean satisfies(Version minimum) {
        return compareTo(minimum) >= 0;
    }

    @Override
    public int compareTo(Version other) {
        int length = Math.max(parts.length, other.parts.length);
        for (int i = 0; i < length; i++) {
            int mine = i < parts.length ? parts[i] : 0;
            int theirs = i < other.parts.length ? other.parts[i] : 0;
            if (mine != theirs) {
                return Integer.compare(mine, theirs);
            }
        }
        return 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Version v && v.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    /** The version exactly as written. */
    @Override
    public String toString() {
        return text;
    }

    int[] parts() {
        return Arrays.copyOf(parts, parts.length);
    }
}
