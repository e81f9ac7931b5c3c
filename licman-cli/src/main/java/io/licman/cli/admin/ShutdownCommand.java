package io.licman.cli.admin;

import io.licman.cli.CliEnvironment;
import io.licman.cli.ExitCodes;
import io.licman.core.protocol.v1.ClientFrame;
import io.licman.core.protocol.v1.ShutdownRequest;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code licman shutdown}: stops a server, telling its clients first. */
@Command(name = "shutdown", mixinStandardHelpOptions = true,
        description = {"Stop the server. Every connected client is told why and when to reconnect."})
public final class ShutdownCommand implements Callable<Integer> {

    private final CliEnvironment env;

    @Mixin
    AdminOptions admin;

    @Option(names = "--reason", paramLabel = "TEXT", defaultValue = "the administrator stopped the server", description = "Told to clients.")
    String reason;

    @Option(names = "--reconnect-after", paramLabel = "SECONDS", defaultValue = "30", description = "Clients wait this long before reconnecting.")
    int reconnectAfter;

    public ShutdownCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        String token = ServerAddress.adminToken(env, admin.token, admin.data);
        try (AdminConnection connection = AdminConnection.open(ServerAddress.endpoints(env, admin.server, admin.data), token,
                admin.socketFactory(env))) {
            int told = connection.request(ClientFrame.newBuilder().setShutdownRequest(ShutdownRequest.newBuilder()
                    .setReason(reason).setReconnectAfterMs(reconnectAfter * 1000))).getShutdownReply().getSessionsNotified();
            env.out().println("server " + connection.endpoint() + " is shutting down; " + told + " client session" + (told == 1 ? " was" : "s were") + " told");
            return ExitCodes.OK;
        }
    }
}
