package io.licman.server.tls;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * TLS on port 1384: whether it is offered, with which certificate, whether plaintext is still
 * accepted, and whether clients must show a certificate. Reference: {@code docs/security.md}.
 *
 * @param enabled TLS is offered (config {@code tls}); on by default, with a generated certificate
 * @param certificateFile PEM certificate chain, leaf first ({@code tls-cert}); null: the generated one
 * @param keyFile PEM PKCS#8 private key of the certificate ({@code tls-key})
 * @param required plaintext binary sessions and HTTP are refused ({@code tls-required})
 * @param clientAuth whether clients must present a certificate ({@code tls-client-auth})
 * @param clientCaFile PEM certificates of the authorities that sign client certificates ({@code tls-client-ca})
 */
public record TlsSettings(boolean enabled, Path certificateFile, Path keyFile, boolean required, ClientAuth clientAuth,
                          Path clientCaFile) {

    /** The config keys these settings come from. */
    public static final List<String> KEYS = List.of("tls", "tls-cert", "tls-key", "tls-required", "tls-client-auth", "tls-client-ca");

    /** Mutual TLS. */
    public enum ClientAuth {
        /** No client certificate is asked for. */
        NONE,
        /** A client certificate is asked for and checked when given; clients without one are served. */
        OPTIONAL,
        /** Every client must present a certificate signed by a {@code tls-client-ca} authority; plaintext is refused. */
        REQUIRE
    }

    public TlsSettings {
        clientAuth = clientAuth == null ? ClientAuth.NONE : clientAuth;
    }

    /** TLS offered with a generated certificate, plaintext accepted, no client certificates. */
    public static TlsSettings defaults() {
        return new TlsSettings(true, null, null, false, ClientAuth.NONE, null);
    }

    /** A copy with one config key set; relative paths resolve against {@code base}. */
    public TlsSettings with(String key, String value, Path base) {
        return switch (key) {
            case "tls" -> new TlsSettings(bool(value), certificateFile, keyFile, required, clientAuth, clientCaFile);
            case "tls-cert" -> new TlsSettings(enabled, base.resolve(value), keyFile, required, clientAuth, clientCaFile);
            case "tls-key" -> new TlsSettings(enabled, certificateFile, base.resolve(value), required, clientAuth, clientCaFile);
            case "tls-required" -> new TlsSettings(enabled, certificateFile, keyFile, bool(value), clientAuth, clientCaFile);
            case "tls-client-auth" -> new TlsSettings(enabled, certificateFile, keyFile, required, clientAuth(value), clientCaFile);
            case "tls-client-ca" -> new TlsSettings(enabled, certificateFile, keyFile, required, clientAuth, base.resolve(value));
            default -> throw new IllegalArgumentException("not a TLS key: " + key);
        };
    }

    /**
     * The first inconsistency, if any: a certificate without its key, TLS required but off,
     * client certificates without an authority to check them.
     */
    public Optional<String> problem() {
        if ((certificateFile == null) != (keyFile == null)) {
            return Optional.of("'tls-cert' and 'tls-key' go together: give both, or neither for the generated certificate");
        }
        if (!enabled && (required || clientAuth != ClientAuth.NONE)) {
            return Optional.of("'tls = no' contradicts 'tls-required' or 'tls-client-auth'");
        }
        if (clientAuth != ClientAuth.NONE && clientCaFile == null) {
            return Optional.of("'tls-client-auth = " + clientAuth.name().toLowerCase(Locale.ROOT)
                    + "' needs 'tls-client-ca = FILE', the authorities whose client certificates are accepted");
        }
        return Optional.empty();
    }

    /** Whether plaintext binary sessions and HTTP are served: TLS not required and no client certificate required. */
    public boolean plaintextAllowed() {
        return !enabled || !required && clientAuth != ClientAuth.REQUIRE;
    }

    private static ClientAuth clientAuth(String value) {
        return switch (value) {
            case "none" -> ClientAuth.NONE;
            case "optional" -> ClientAuth.OPTIONAL;
            case "require" -> ClientAuth.REQUIRE;
            default -> throw new IllegalArgumentException("'" + value + "' is not require, optional or none");
        };
    }

    private static boolean bool(String value) {
        return switch (value) {
            case "yes", "true", "on" -> true;
            case "no", "false", "off" -> false;
            default -> throw new IllegalArgumentException("'" + value + "' is not yes or no");
        };
    }
}
