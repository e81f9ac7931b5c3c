package io.licman.cli.user;

import io.licman.cli.CliEnvironment;
import io.licman.cli.UserError;
import io.licman.cli.admin.ServerAddress;
import io.licman.client.LeaseListener;
import io.licman.client.LicenseClient;
import io.licman.core.crypto.KeyFileException;
import io.licman.core.crypto.TrustStore;
import io.licman.core.crypto.VendorPublicKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Options of the commands that check out seats like an application: which server, which vendor,
 * and the vendor's public key that every grant must verify against.
 */
public final class ClientOptions {

    @Option(names = "--server", paramLabel = "PORT@HOST[,...]",
            description = "Servers to try in order (default: $LICMAN_SERVER, then a server on this machine, then 1384@localhost).")
    String server;

    @Option(names = "--vendor", paramLabel = "NAME", description = "The vendor of the feature (default: the only vendor in the key directory).")
    String vendor;

    @Option(names = "--vendor-key", paramLabel = "FILE", description = "The vendor's .pub file, to verify what the server grants.")
    Path vendorKey;

    @Option(names = "--trust", paramLabel = "DIR", description = "A directory of vendor .pub files to take the vendor's key from "
            + "(default: $LICMAN_TRUST, then ./.licman-demo/trust).")
    Path trust;

    @Option(names = "--data", paramLabel = "DIR", description = "Data directory of a local server, to find its port.")
    Path data;

    @Option(names = "--tls-pin", paramLabel = "sha256:HEX", description = "Use TLS and accept only the server certificate with this "
            + "fingerprint ('licman tls fingerprint'; default: $LICMAN_TLS_PIN).")
    String tlsPin;

    @Option(names = "--tls-ca", paramLabel = "FILE", description = "Use TLS and trust the certificate authorities of this PEM file "
            + "(default: $LICMAN_TLS_CA).")
    Path tlsCa;

    @Option(names = "--tls-cert", paramLabel = "FILE", description = "Client certificate (PEM) for servers that require one.")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "The client certificate's private key (PEM PKCS#8).")
    Path tlsKey;

    /** Builds a client for one vendor, verifying grants with its public key. */
    LicenseClient client(CliEnvironment env, LeaseListener listener) {
        List<VendorPublicKey> keys = vendorKeys(env);
        String servers = String.join(",", ServerAddress.endpoints(env, server, data).stream().map(Object::toString).toList());
        LicenseClient.Builder builder = LicenseClient.builder().servers(servers).listener(listener);
        keys.forEach(builder::vendorKey);
        io.licman.cli.tls.TlsOptions.resolve(env, tlsPin, tlsCa, tlsCert, tlsKey).ifPresent(builder::tls);
        return builder.build();
    }

    /** The vendor's keys: the --vendor-key file, or every key of the vendor in the trust directory (old and new during rotation). */
    private List<VendorPublicKey> vendorKeys(CliEnvironment env) {
        try {
            if (vendorKey != null) {
                VendorPublicKey key = VendorPublicKey.read(env.resolve(vendorKey));
                if (vendor != null && !vendor.equals(key.vendor())) {
                    throw new UserError("--vendor-key is a key of vendor '" + key.vendor() + "', not '" + vendor + "'");
                }
                return List.of(key);
            }
            Path dir = trustDirectory(env);
            List<VendorPublicKey> keys = TrustStore.load(dir).keys().stream()
                    .filter(k -> vendor == null || k.vendor().equals(vendor)).toList();
            if (keys.isEmpty()) {
                throw new UserError("no public key " + (vendor == null ? "" : "of vendor '" + vendor + "' ") + "in " + dir
                        + "; give the vendor's .pub file with --vendor-key FILE");
            }
            if (keys.stream().map(VendorPublicKey::vendor).distinct().count() > 1) {
                throw new UserError(dir + " holds keys of several vendors; name one with --vendor");
            }
            return keys;
        } catch (KeyFileException e) {
            throw new UserError(e.getMessage());
        }
    }

    private Path trustDirectory(CliEnvironment env) {
        if (trust != null) {
            return env.resolve(trust);
        }
        String fromEnv = env.variables().get("LICMAN_TRUST");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv);
        }
        Path demo = env.resolve(Path.of(".licman-demo", "trust"));
        if (Files.isDirectory(demo)) {
            return demo;
        }
        throw new UserError("name the vendor's public key: --vendor-key FILE, or --trust DIR with the vendors' .pub files");
    }
}
