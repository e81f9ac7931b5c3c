package io.licman.server.report;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads a report log file line by line as raw bytes, without copying each line into a string.
 * A last line without its newline (being written, or cut by a crash) is not returned.
 */
final class LogReader implements AutoCloseable {

    private final InputStream in;
    private byte[] buffer = new byte[1 << 16];
    private int start;
    private int end;
    private boolean eof;
    private int lineStart;
    private int lineLength;
    private long lineNumber;
    private long completeBytes;

    LogReader(Path file) throws IOException {
        this.in = Files.newInputStream(file);
    }

    /** Advances to the next complete line; false at the end. */
    boolean next() throws IOException {
        while (true) {
            for (int i = start; i < end; i++) {
                if (buffer[i] == '\n') {
                    lineStart = start;
                    lineLength = i - start;
                    completeBytes += lineLength + 1;
                    start = i + 1;
                    lineNumber++;
                    return true;
                }
            }
            if (eof) {
                return false;
            }
            fill();
        }
    }

    private void fill() throws IOException {
        if (start > 0) {
            System.arraycopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
        }
        if (end == buffer.length) {
            buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
        int n = in.read(buffer, end, buffer.length - end);
        if (n < 0) {
            eof = true;
        } else {
            end += n;
        }
    }

    byte[] buffer() {
        return buffer;
    }

    int lineStart() {
        return lineStart;
    }

    int lineLength() {
        return lineLength;
    }

    /** 1 for the first line. */
    long lineNumber() {
        return lineNumber;
    }

    /** Bytes of complete lines read so far. */
    long completeBytes() {
        return completeBytes;
    }

    /** Bytes after the last newline once {@link #next()} returned false. */
    int trailingBytes() {
        return end - start;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
