package io.licman.server.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code HIDE_USER}: replaces user, host, display and IP names in the report log with keyed
 * hashes (HMAC-SHA256 with a secret kept in {@code report.key} in the data directory), so that
 * reports still count distinct users but the log names nobody. The same name always gives the
 * same hash while the key is kept; without the key, names cannot be confirmed by guessing.
 */
final class UserHider {

    static final String KEY_FILE = "report.key";
    private static final UserHider VISIBLE = new UserHider(null);

    private final Mac mac;

    private UserHider(Mac mac) {
        this.mac = mac;
    }

    /** Names as they are. */
    static UserHider visible() {
        return VISIBLE;
    }

    /** Hides names with the data directory's key, created (mode 0600) if missing. */
    static UserHider hiding(Path dataDirectory) throws IOException {
        Path file = dataDirectory.resolve(KEY_FILE);
        byte[] key;
        if (Files.exists(file)) {
            key = HexFormat.of().parseHex(Files.readString(file, StandardCharsets.US_ASCII).strip());
        } else {
            key = new byte[32];
            new SecureRandom().nextBytes(key);
            Files.writeString(file, HexFormat.of().formatHex(key) + "\n", StandardCharsets.US_ASCII, StandardOpenOption.CREATE_NEW);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // Not a POSIX file system: the directory's ACL applies.
            }
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return new UserHider(mac);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    boolean hides() {
        return mac != null;
    }

    String user(String name) {
        return other("user", name);
    }

    String host(String name) {
        return other("host", name);
    }

    /** {@code kind} keeps a user and a host of the same name apart. */
    String other(String kind, String name) {
        if (mac == null || name == null || name.isEmpty()) {
            return name;
        }
        byte[] digest = mac.doFinal((kind + ":" + name).getBytes(StandardCharsets.UTF_8));
        return "~" + HexFormat.of().formatHex(digest, 0, 10);
    }
}
