package io.licman.cli;

/** Exit statuses shared by all commands, documented in {@code licman --help}. */
public final class ExitCodes {

    /** Success. */
    public static final int OK = 0;
    /** The command ran, and its answer is "no": an invalid license, a denied checkout. */
    public static final int NEGATIVE = 1;
    /** Wrong usage or unusable input: a bad option, a missing or unreadable file. */
    public static final int USAGE = 2;
    /** The server could not be reached. */
    public static final int UNAVAILABLE = 3;
    /** A bug in licman. */
    public static final int INTERNAL = 70;

    private ExitCodes() {
    }
}
