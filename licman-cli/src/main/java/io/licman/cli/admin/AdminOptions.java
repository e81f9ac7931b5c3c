package io.licman.cli.admin;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every command that talks to a server shares. */
public final class AdminOptions {

    @Option(names = "--server", paramLabel = "PORT@HOST[,...]", description = "Servers to try in order (default: $LICMAN_SERVER, "
            + "then a server on this machine, then 1384@localhost).")
    public String server;

    @Option(names = "--token", paramLabel = "VALUE|@FILE", description = "Admin token, or @FILE to read it (default: admin.token "
            + "in the data directory of a server on this machine).")
    public String token;

    @Option(names = "--data", paramLabel = "DIR", description = "Data directory of a local server, to find its port and admin token.")
    public Path data;

    @Option(names = "--tls-pin", paramLabel = "sha256:HEX", description = "Use TLS and accept only the server certificate with this "
            + "fingerprint ('licman tls fingerprint'; default: $LICMAN_TLS_PIN).")
    public String tlsPin;

    @Option(names = "--tls-ca", paramLabel = "FILE", description = "Use TLS and trust the certificate authorities of this PEM file "
            + "(default: $LICMAN_TLS_CA).")
    public Path tlsCa;

    @Option(names = "--tls-cert", paramLabel = "FILE", description = "Client certificate (PEM) for servers that require one.")
    public Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "The client certificate's private key (PEM PKCS#8).")
    public Path tlsKey;

    /** Plain sockets, or TLS as the flags ask. */
    public javax.net.SocketFactory socketFactory(io.licman.cli.CliEnvironment env) {
        return io.licman.cli.tls.TlsOptions.resolve(env, tlsPin, tlsCa, tlsCert, tlsKey)
                .map(io.licman.client.ClientTls::socketFactory).orElse(javax.net.SocketFactory.getDefault());
    }
}
