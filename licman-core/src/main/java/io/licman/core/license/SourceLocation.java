package io.licman.core.license;

/**
 * Where something was read from, for error messages: {@code site.lic:12}.
 *
 * @param file the file name as given, or {@code <input>} for text not read from a file
 * @param line the 1-based line number
 */
public record SourceLocation(String file, int line) {

    /** The location of text that came from no file. */
    public static final SourceLocation NONE = new SourceLocation("<input>", 0);

    @Override
    public String toString() {
        return line > 0 ? file + ":" + line : file;
    }
}
