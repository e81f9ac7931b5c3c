package io.licman.core.crypto;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The vendor public keys a site or application trusts, by key id. A vendor that rotates its key
 * ships the new {@code .pub} file; both keys stay trusted until the old one is removed.
 */
public final class TrustStore {

    private final Map<String, VendorPublicKey> byKeyId;
    private final List<String> problems;

    private TrustStore(Map<String, VendorPublicKey> byKeyId, List<String> problems) {
        this.byKeyId = Map.copyOf(byKeyId);
        this.problems = List.copyOf(problems);
    }

    /** A trust store holding exactly these keys. */
    public static TrustStore of(Collection<VendorPublicKey> keys) {
        Map<String, VendorPublicKey> map = new TreeMap<>();
        for (VendorPublicKey key : keys) {
            map.put(key.keyId(), key);
        }
        return new TrustStore(map, List.of());
    }

    /**
     * Loads every {@code *.pub} file in {@code directory}. A file that cannot be read is
     * skipped and listed in {@link #problems()}; the others still load.
     *
     * @throws KeyFileException when the directory itself cannot be read
     */
    public static TrustStore load(Path directory) throws KeyFileException {
        if (!Files.isDirectory(directory)) {
            throw new KeyFileException(directory + ": the trust directory does not exist; put the vendors' .pub files in a directory and name it with --trust");
        }
        Map<String, VendorPublicKey> keys = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, "*.pub")) {
            stream.forEach(files::add);
        } catch (IOException e) {
            throw new KeyFileException(directory + ": cannot list the trust directory: " + e.getMessage(), e);
        }
        files.sort(null);
        for (Path file : files) {
            try {
                VendorPublicKey key = VendorPublicKey.read(file);
                VendorPublicKey earlier = keys.putIfAbsent(key.keyId(), key);
                if (earlier != null) {
                    problems.add(file + ": key id " + key.keyId() + " is already defined by another file; this one is ignored");
                }
            } catch (KeyFileException e) {
                problems.add(e.getMessage());
            }
        }
        return new TrustStore(keys, problems);
    }

    /** The key with this id, if trusted. */
    public Optional<VendorPublicKey> find(String keyId) {
        return Optional.ofNullable(byKeyId.get(keyId));
    }

    /** All trusted keys, sorted by key id. */
    public Collection<VendorPublicKey> keys() {
        return byKeyId.values().stream().sorted((a, b) -> a.keyId().compareTo(b.keyId())).toList();
    }

    /** Files in the directory that could not be loaded, with the reason. */
    public List<String> problems() {
        return problems;
    }

    public boolean isEmpty() {
        return byKeyId.isEmpty();
    }
}
