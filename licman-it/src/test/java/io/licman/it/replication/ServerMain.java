package io.licman.it.replication;

import io.licman.server.LicmanServer;
import io.licman.server.config.ConfigFile;
import io.licman.server.config.ServerConfig;
import java.nio.file.Path;

/** A licman server in its own process, configured by a {@code licman.conf}: prints {@code READY <port>} once it listens. */
public final class ServerMain {

    private ServerMain() {
    }

    public static void main(String[] args) throws Exception {
        ServerConfig.Builder builder = ServerConfig.builder();
        ConfigFile.apply(Path.of(args[0]), builder);
        LicmanServer server = LicmanServer.start(builder.build());
        System.out.println("READY " + server.tcpAddress().getPort());
        System.out.flush();
        server.awaitShutdown();
        System.exit(0);
    }
}
