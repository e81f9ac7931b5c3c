package io.licman.cli.admin;

import io.licman.cli.CliEnvironment;
import io.licman.cli.ExitCodes;
import io.licman.cli.UserError;
import io.licman.core.protocol.v1.ClientFrame;
import io.licman.core.protocol.v1.RemoveRequest;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code licman remove}: takes seats back from a lease, a user or a host, like {@code lmremove}. */
@Command(name = "remove", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Take seats back: one lease, every lease of a user, or every lease on a host.",
            "The holders are told at once that their seats were revoked."})
public final class RemoveCommand implements Callable<Integer> {

    private final CliEnvironment env;

    @Mixin
    AdminOptions admin;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    static final class Target {
        @Option(names = "--lease", paramLabel = "ID", description = "A lease id (16 hex digits, as 'licman status' shows).")
        String lease;
        @Option(names = "--user", paramLabel = "NAME", description = "Every lease of this user.")
        String user;
        @Option(names = "--host", paramLabel = "NAME", description = "Every lease on this host.")
        String host;
    }

    @Option(names = "--feature", paramLabel = "NAME", description = "With --user or --host: only this feature.")
    String feature;

    public RemoveCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        RemoveRequest.Builder request = RemoveRequest.newBuilder();
        if (target.lease != null) {
            try {
                request.setLeaseId(Long.parseUnsignedLong(target.lease, 16));
            } catch (NumberFormatException e) {
                throw new UserError("--lease: '" + target.lease + "' is not a lease id; expected 16 hex digits as 'licman status' shows");
            }
        } else if (target.user != null) {
            request.setUser(target.user);
        } else {
            request.setHost(target.host);
        }
        if (feature != null) {
            request.setFeature(feature);
        }
        String token = ServerAddress.adminToken(env, admin.token, admin.data);
        try (AdminConnection connection = AdminConnection.open(ServerAddress.endpoints(env, admin.server, admin.data), token,
                admin.socketFactory(env))) {
            int removed = connection.request(ClientFrame.newBuilder().setRemoveRequest(request)).getRemoveReply().getRemoved();
            env.out().println("removed " + removed + " lease" + (removed == 1 ? "" : "s"));
            return removed > 0 ? ExitCodes.OK : ExitCodes.NEGATIVE;
        }
    }
}
