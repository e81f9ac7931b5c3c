package io.licman.core.license;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Which checkouts share one seat (FlexLM's {@code DUP_GROUP}, RLM's {@code share=}).
 *
 * <p>Under {@link #USER_HOST}, a second checkout by the same user on the same host takes no new
 * seat; under {@link #USER} the same user anywhere shares it; under {@link #HOST} every user of
 * the same host shares it; under {@link #NONE} every checkout takes its own seat.
 */
public enum Sharing {
    NONE("none"),
    USER("user"),
    HOST("host"),
    USER_HOST("user+host");

    private final String text;

    Sharing(String text) {
        this.text = text;
    }

    /** Parses {@code none}, {@code user}, {@code host} or {@code user+host}. */
    public static Sharing parse(String text) {
        for (Sharing sharing : values()) {
            if (sharing.text.equals(text)) {
                return sharing;
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not a sharing rule: expected one of "
                + Arrays.stream(values()).map(Sharing::toString).collect(Collectors.joining(", ")));
    }

    /** True when this rule compares users. */
    public boolean sharesByUser() {
        return this == USER || this == USER_HOST;
    }

    /** True when this rule compares hosts. */
    public boolean sharesByHost() {
        return this == HOST || this == USER_HOST;
    }

    @Override
    public String toString() {
        return text;
    }
}
