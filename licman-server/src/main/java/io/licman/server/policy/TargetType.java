package io.licman.server.policy;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** Whom an options-file rule names: the {@code TYPE} word of {@code INCLUDE feature TYPE name}. */
public enum TargetType {
    /** A user name, as the client reports it. */
    USER,
    /** A client host name, compared without regard to case. */
    HOST,
    /** A display (terminal or X display) name. */
    DISPLAY,
    /** Every user listed by a {@code GROUP} line. */
    GROUP,
    /** Every host listed by a {@code HOST_GROUP} line. */
    HOST_GROUP,
    /** Client IP addresses: an address, a pattern with {@code *} parts, or a CIDR block (IPv4 or IPv6). */
    INTERNET,
    /** A project name, as the client reports it (FlexLM's {@code LM_PROJECT}). */
    PROJECT;

    /** Parses a type word, ignoring case; empty when it is not one. */
    public static Optional<TargetType> parse(String word) {
        String upper = word.toUpperCase(Locale.ROOT);
        for (TargetType type : values()) {
            if (type.name().equals(upper)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    /** All type words, for messages: {@code USER, HOST, ...}. */
    public static String names() {
        return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
    }
}
