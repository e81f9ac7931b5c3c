package io.licman.cli.admin;

import io.licman.cli.CliEnvironment;
import io.licman.cli.ExitCodes;
import io.licman.core.protocol.v1.ClientFrame;
import io.licman.core.protocol.v1.NamedUsersReply;
import io.licman.core.protocol.v1.NamedUsersRequest;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code licman named-users FEATURE}: lists, assigns and unassigns the users of a named-user feature. */
@Command(name = "named-users", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"List, assign or unassign the users of a named-user feature (a license issued with --named-users):",
            "only assigned users may check it out, and at most as many users as it has seats.",
            "Unassigning a user leaves their current seats until they are returned."},
        footer = {"", "Example:  licman named-users cad-pro --vendor acme --add alice --add bob --remove carol"})
public final class NamedUsersCommand implements Callable<Integer> {

    private final CliEnvironment env;

    @Mixin
    AdminOptions admin;

    @Parameters(paramLabel = "FEATURE", description = "The named-user feature.")
    String feature;

    @Option(names = "--vendor", required = true, paramLabel = "NAME", description = "The vendor of the feature.")
    String vendor;

    @Option(names = "--add", paramLabel = "USER", description = "Assign this user (repeatable).")
    List<String> add = List.of();

    @Option(names = "--remove", paramLabel = "USER", description = "Unassign this user (repeatable).")
    List<String> remove = List.of();

    public NamedUsersCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        String token = ServerAddress.adminToken(env, admin.token, admin.data);
        try (AdminConnection connection = AdminConnection.open(ServerAddress.endpoints(env, admin.server, admin.data), token)) {
            NamedUsersReply reply = connection.request(ClientFrame.newBuilder().setNamedUsersRequest(NamedUsersRequest.newBuilder()
                    .setVendor(vendor).setFeature(feature).addAllAssign(add).addAllUnassign(remove))).getNamedUsersReply();
            env.out().println(vendor + "/" + feature + ": " + (reply.getUsersCount() == 0 ? "no users assigned"
                    : reply.getUsersCount() + " user" + (reply.getUsersCount() == 1 ? "" : "s") + ": " + String.join(", ", reply.getUsersList())));
            return ExitCodes.OK;
        }
    }
}
