package io.licman.it.docs;

import java.io.PrintWriter;
import java.io.Writer;

/** Output a command writes, readable while the command still runs. */
final class Capture extends Writer {

    private final StringBuilder text = new StringBuilder();
    private final PrintWriter printer = new PrintWriter(this, true);

    PrintWriter printer() {
        return printer;
    }

    @Override
    public synchronized void write(char[] buffer, int offset, int length) {
        text.append(buffer, offset, length);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }

    synchronized String text() {
        return text.toString();
    }

    /** The last {@code max} characters, for failure messages. */
    synchronized String tail(int max) {
        return text.length() <= max ? text.toString() : "..." + text.substring(text.length() - max);
    }
}
