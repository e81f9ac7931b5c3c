package io.licman.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The HTTP API's bearer tokens, kept hashed (SHA-256) in {@code tokens.json} in the data
 * directory (mode 0600). The token in {@code admin.token} is always a valid admin token; it is
 * listed with the id {@value #BOOTSTRAP_ID} and replaced by deleting the file and restarting.
 *
 * <p>The server and {@code licman token} on the server machine share the file: changes are made
 * under a file lock and written atomically, and the server re-reads the file when it changes, so
 * a revoked token stops working at its next request. Checks compare every stored hash in
 * constant time.
 */
public final class TokenStore {

    /** The file of hashed tokens in the data directory. */
    public static final String FILE = "tokens.json";
    /** The id under which the {@code admin.token} token is listed. */
    public static final String BOOTSTRAP_ID = "admin.token";
    /** Longer presented tokens are refused without hashing. */
    static final int MAX_TOKEN_LENGTH = 200;
    /** At most this many tokens, so that a check stays cheap. */
    public static final int MAX_TOKENS = 1000;

    private static final Object LOCAL_LOCK = new Object();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path file;
    private final Path lockFile;
    private final byte[] bootstrapHash;
    private volatile Loaded loaded = new Loaded(null, List.of());

    private TokenStore(Path dataDirectory, String adminToken) {
        this.file = dataDirectory.resolve(FILE);
        this.lockFile = dataDirectory.resolve(".tokens.lock");
        this.bootstrapHash = sha256(Objects.requireNonNull(adminToken, "admin token"));
    }

    /**
     * Opens the token store of a data directory.
     *
     * @param adminToken the token in {@code admin.token}, always valid as an admin token
     */
    public static TokenStore open(Path dataDirectory, String adminToken) {
        return new TokenStore(dataDirectory, adminToken);
    }

    /** The principal of a presented bearer token, or empty when it is unknown, revoked or malformed. */
    public Optional<Principal> authenticate(String presented) {
        if (presented == null || presented.isEmpty() || presented.length() > MAX_TOKEN_LENGTH) {
            return Optional.empty();
        }
        byte[] hash = sha256(presented);
        Principal found = null;
        if (MessageDigest.isEqual(hash, bootstrapHash)) {
            found = new Principal(BOOTSTRAP_ID, BOOTSTRAP_ID, Role.ADMIN);
        }
        for (Stored t : current()) {
            // Every stored hash is compared, whatever matched before, so timing tells nothing.
            if (MessageDigest.isEqual(hash, t.hash) && found == null) {
                found = new Principal(t.info.id(), t.info.name(), t.info.role());
            }
        }
        return Optional.ofNullable(found);
    }

    /** True when {@code presented} is a valid admin token (the binary protocol's admin check). */
    public boolean isAdmin(String presented) {
        return authenticate(presented).map(p -> p.role() == Role.ADMIN).orElse(false);
    }

    /** Every token, the {@code admin.token} one first; never a secret. */
    public List<TokenInfo> list() {
        List<TokenInfo> out = new ArrayList<>();
        out.add(new TokenInfo(BOOTSTRAP_ID, "admin.token (data directory)", Role.ADMIN, Instant.EPOCH, true));
        current().forEach(t -> out.add(t.info));
        return out;
    }

    /**
     * Creates a token.
     *
     * @param name a label for people (letters, digits, space, {@code .-_@}), at most 64 characters
     * @throws IllegalArgumentException for a bad name, or when the store is full
     */
    public IssuedToken create(Role role, String name, Instant now) {
        Objects.requireNonNull(role, "role");
        String label = checkName(name);
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String secret = "lm_" + role.text() + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        byte[] idBytes = new byte[6];
        RANDOM.nextBytes(idBytes);
        TokenInfo info = new TokenInfo("tk_" + HexFormat.of().formatHex(idBytes), label, role, now, false);
        modify(tokens -> {
            if (tokens.size() >= MAX_TOKENS) {
                throw new IllegalArgumentException("there are already " + MAX_TOKENS + " tokens; revoke some first");
            }
            tokens.add(new Stored(info, sha256(secret)));
            return true;
        });
        return new IssuedToken(info, secret);
    }

    /**
     * Revokes a token at once.
     *
     * @return false when no token has this id
     * @throws IllegalArgumentException for the {@code admin.token} token
     */
    public boolean revoke(String id) {
        if (BOOTSTRAP_ID.equals(id)) {
            throw new IllegalArgumentException("the admin.token token cannot be revoked by id: delete the admin.token file and "
                    + "restart the server, which writes a new one");
        }
        return modify(tokens -> tokens.removeIf(t -> t.info.id().equals(id)));
    }

    private static String checkName(String name) {
        String label = name == null || name.isBlank() ? "unnamed" : name.strip();
        if (!label.matches("[A-Za-z0-9 ._@-]{1,64}")) {
            throw new IllegalArgumentException("a token name is 1 to 64 letters, digits, spaces or . _ @ -");
        }
        return label;
    }

    /** The stored tokens, re-read when the file changed (a new file, size or time). */
    private List<Stored> current() {
        Object key;
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            key = List.of(String.valueOf(a.fileKey()), a.size(), a.lastModifiedTime().toMillis());
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        Loaded l = loaded;
        if (!key.equals(l.key)) {
            l = new Loaded(key, read());
            loaded = l;
        }
        return l.tokens;
    }

    private List<Stored> read() {
        try {
            JsonNode root = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
            List<Stored> tokens = new ArrayList<>();
            for (JsonNode t : root.path("tokens")) {
                Role role = Role.parse(t.path("role").asText()).orElseThrow(() -> new IOException("unknown role in " + file));
                tokens.add(new Stored(new TokenInfo(t.path("id").asText(), t.path("name").asText(), role,
                        Instant.parse(t.path("created").asText()), false), HexFormat.of().parseHex(t.path("sha256").asText())));
            }
            return List.copyOf(tokens);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(file + " is damaged (" + e.getMessage() + "); restore it or delete it to drop every token", e);
        }
    }

    /** Read, change and write the file under a lock; the change returns whether it changed anything. */
    private boolean modify(java.util.function.Predicate<List<Stored>> change) {
        synchronized (LOCAL_LOCK) {
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock lock = channel.lock()) {
                List<Stored> tokens = new ArrayList<>(read());
                if (!change.test(tokens)) {
                    return false;
                }
                write(tokens);
                loaded = new Loaded(null, List.copyOf(tokens));
                return true;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot update " + file + ": " + e.getMessage(), e);
            }
        }
    }

    private void write(List<Stored> tokens) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", 1);
        root.put("comment", "licman HTTP API tokens, SHA-256 hashed; manage with 'licman token'");
        ArrayNode list = root.putArray("tokens");
        for (Stored t : tokens) {
            list.addObject().put("id", t.info.id()).put("name", t.info.name()).put("role", t.info.role().text())
                    .put("created", t.info.created().toString()).put("sha256", HexFormat.of().formatHex(t.hash));
        }
        Path temp = Files.createTempFile(file.getParent(), ".tokens", ".tmp");
        try {
            try {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // Not a POSIX file system: the directory's ACL applies.
            }
            Files.writeString(temp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n", StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Stored(TokenInfo info, byte[] hash) {
    }

    private record Loaded(Object key, List<Stored> tokens) {
    }
}
