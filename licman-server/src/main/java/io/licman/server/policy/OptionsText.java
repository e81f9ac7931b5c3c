package io.licman.server.policy;

/** Quoting rules shared by the options-file reader and writer. */
final class OptionsText {

    private OptionsText() {
    }

    /** Checks a name used in an options file: non-empty, no double quote, no control character. */
    static String requireName(String name, String what) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a " + what + " cannot be empty");
        }
        if (name.length() > 1024) {
            throw new IllegalArgumentException("a " + what + " may be at most 1024 characters long");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '"' || Character.isISOControl(c)) {
                throw new IllegalArgumentException("the " + what + " '" + name + "' contains "
                        + (c == '"' ? "a double quote" : "a control character") + ", which options files cannot express");
            }
        }
        return name;
    }

    /** The word as written in a file: quoted when it holds a space, {@code #} or {@code \}. */
    static String quoteIfNeeded(String word) {
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (Character.isWhitespace(c) || c == '#' || c == '\\') {
                return '"' + word + '"';
            }
        }
        return word;
    }
}
