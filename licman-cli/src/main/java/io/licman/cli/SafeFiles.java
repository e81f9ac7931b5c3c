package io.licman.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/** Writes files whole (via a temporary file and a rename), optionally readable by the owner only. */
public final class SafeFiles {

    private SafeFiles() {
    }

    /**
     * Writes {@code text} to {@code file}, replacing it only when {@code overwrite}.
     *
     * @throws UserError when the file exists and may not be replaced, or cannot be written
     */
    public static void write(Path file, String text, boolean ownerOnly, boolean overwrite) {
        if (!overwrite && Files.exists(file)) {
            throw new UserError(file + " already exists; use --force to replace it");
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path temp = Files.createTempFile(parent, "." + file.getFileName(), ".tmp");
            try {
                setMode(temp, ownerOnly ? "rw-------" : "rw-r--r--");
                Files.writeString(temp, text, StandardCharsets.UTF_8);
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (FileAlreadyExistsException e) {
            throw new UserError(file + " already exists; use --force to replace it");
        } catch (IOException e) {
            throw new UserError("cannot write " + file + ": " + e.getMessage());
        }
    }

    /** Sets mode 0600 where the file system has POSIX permissions. */
    public static void restrictToOwner(Path file) throws IOException {
        setMode(file, "rw-------");
    }

    private static void setMode(Path file, String mode) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system (Windows): the directory's ACL applies.
        }
    }
}
