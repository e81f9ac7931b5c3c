package io.licman.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Notices when any of a fixed set of files changed (modification time or size), by polling:
 * reliable on every file system, including network mounts where inotify is not.
 */
final class FileWatcher {

    private final List<Path> files;
    private List<String> lastSeen;

    FileWatcher(List<Path> files) {
        this.files = List.copyOf(files);
        this.lastSeen = fingerprints();
    }

    /** True when a file changed since the last call (or since creation). */
    synchronized boolean changed() {
        List<String> now = fingerprints();
        boolean changed = !Objects.equals(now, lastSeen);
        lastSeen = now;
        return changed;
    }

    private List<String> fingerprints() {
        List<String> out = new ArrayList<>();
        for (Path file : files) {
            try {
                out.add(Files.getLastModifiedTime(file).toMillis() + ":" + Files.size(file));
            } catch (IOException e) {
                out.add("missing");
            }
        }
        return out;
    }
}
