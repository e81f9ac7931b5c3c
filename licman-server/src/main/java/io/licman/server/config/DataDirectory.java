package io.licman.server.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The server's own directory: the admin token written on first start (mode 0600), and later the
 * replicated log and snapshots. Layout is documented in {@code docs/server.md}.
 */
public final class DataDirectory {

    /** The file holding the first admin token; admin commands on this machine read it. */
    public static final String ADMIN_TOKEN_FILE = "admin.token";
    /** The file holding the TCP port the server listens on, for tools on the same machine. */
    public static final String PORT_FILE = "server.port";

    private final Path root;

    private DataDirectory(Path root) {
        this.root = root;
    }

    /** Opens {@code root}, creating it (mode 0700) if needed. */
    public static DataDirectory open(Path root) throws ConfigException {
        try {
            if (!Files.isDirectory(root)) {
                Files.createDirectories(root);
                setMode(root, "rwx------");
            }
            if (!Files.isWritable(root)) {
                throw new ConfigException(root + ": the data directory is not writable by this user");
            }
            return new DataDirectory(root);
        } catch (IOException e) {
            throw new ConfigException(root + ": cannot create the data directory: " + e.getMessage());
        }
    }

    public Path root() {
        return root;
    }

    /** The admin token, created with 256 random bits on first use. */
    public String adminToken() throws IOException {
        Path file = root.resolve(ADMIN_TOKEN_FILE);
        if (Files.exists(file)) {
            String token = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (!token.isEmpty()) {
                return token;
            }
        }
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String token = "lm_admin_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        writeAtomically(file, token + "\n", "rw-------");
        return token;
    }

    /** Records the port actually bound, so local tools find a server started with port 0. */
    public void writePort(int port) throws IOException {
        writeAtomically(root.resolve(PORT_FILE), port + "\n", "rw-r--r--");
    }

    private static void writeAtomically(Path file, String text, String mode) throws IOException {
        Path temp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
        try {
            setMode(temp, mode);
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void setMode(Path path, String mode) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(mode));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: the directory's ACL applies.
        }
    }
}
