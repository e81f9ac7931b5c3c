package io.licman.cli.tls;

import io.licman.cli.CliEnvironment;
import io.licman.cli.UserError;
import io.licman.client.ClientTls;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The TLS flags of the commands that talk to a server ({@code --tls-pin}, {@code --tls-ca},
 * {@code --tls-cert}, {@code --tls-key}), with {@code LICMAN_TLS_PIN} and {@code LICMAN_TLS_CA} as
 * defaults. No flag and no variable: plaintext.
 */
public final class TlsOptions {

    private TlsOptions() {
    }

    /** The TLS settings the flags ask for, or empty for plaintext. */
    public static Optional<ClientTls> resolve(CliEnvironment env, String pin, Path ca, Path cert, Path key) {
        String usePin = pin != null ? pin : blankToNull(env.variables().get("LICMAN_TLS_PIN"));
        Path useCa = ca != null ? env.resolve(ca) : Optional.ofNullable(blankToNull(env.variables().get("LICMAN_TLS_CA"))).map(Path::of).orElse(null);
        if ((cert == null) != (key == null)) {
            throw new UserError("--tls-cert and --tls-key go together: the client certificate and its private key");
        }
        if (usePin == null && useCa == null) {
            if (cert != null) {
                throw new UserError("--tls-cert needs --tls-pin or --tls-ca to check the server's certificate");
            }
            return Optional.empty();
        }
        if (usePin != null && useCa != null) {
            throw new UserError("give either --tls-pin or --tls-ca, not both");
        }
        try {
            ClientTls.Builder tls = ClientTls.builder();
            if (usePin != null) {
                tls.pin(usePin);
            } else {
                tls.trustedCertificates(useCa);
            }
            if (cert != null) {
                tls.clientCertificate(env.resolve(cert), env.resolve(key));
            }
            return Optional.of(tls.build());
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new UserError(e.getMessage());
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
