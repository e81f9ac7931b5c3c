package io.licman.server.policy;

/**
 * One thing wrong in an options file, located to the character.
 *
 * @param file the file name as given
 * @param line the 1-based line, 0 when the problem concerns the whole file
 * @param column the 1-based column, 0 when the problem concerns the whole line or file
 * @param message what is wrong and what was expected
 */
public record OptionsProblem(String file, int line, int column, String message) {

    /** {@code site.opt:12:9: expected ...}, the form compilers and editors understand. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(file);
        if (line > 0) {
            out.append(':').append(line);
            if (column > 0) {
                out.append(':').append(column);
            }
        }
        return out.append(": ").append(message).toString();
    }
}
