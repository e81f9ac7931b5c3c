package io.licman.cli.admin;

import io.licman.cli.CliEnvironment;
import io.licman.cli.ExitCodes;
import io.licman.cli.UserError;
import io.licman.core.protocol.v1.Checkout;
import io.licman.core.protocol.v1.ClientFrame;
import io.licman.core.protocol.v1.ClientIdentity;
import io.licman.core.protocol.v1.DiagReply;
import io.licman.core.protocol.v1.DiagRequest;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code licman diag FEATURE}: explains what a checkout would get, without taking a seat. */
@Command(name = "diag", sortOptions = false,
        description = {"Explain step by step whether a checkout of FEATURE by this user on this host would be granted, and why not.",
            "Takes no seat. An administrator can ask for another user or host with --as-user / --as-host."})
public final class DiagCommand implements Callable<Integer> {

    private final CliEnvironment env;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Mixin
    AdminOptions admin;

    @Parameters(paramLabel = "FEATURE", description = "The feature name.")
    String feature;

    @Option(names = "--vendor", paramLabel = "NAME", required = true, description = "The vendor of the feature.")
    String vendor;

    @Option(names = "--version", paramLabel = "V", description = "The minimum version the application asks for.")
    String version;

    @Option(names = "--as-user", paramLabel = "NAME", description = "Diagnose for this user (needs the admin token).")
    String asUser;

    @Option(names = "--as-host", paramLabel = "NAME", description = "Diagnose for this host (needs the admin token).")
    String asHost;

    public DiagCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        DiagRequest.Builder request = DiagRequest.newBuilder().setCheckout(Checkout.newBuilder().setVendor(vendor).setFeature(feature)
                .setMinVersion(version == null ? "" : version));
        String token = null;
        if (asUser != null || asHost != null) {
            if (asUser == null || asHost == null) {
                throw new UserError("give both --as-user and --as-host");
            }
            request.setAsClient(ClientIdentity.newBuilder().setUser(asUser).setHost(asHost));
            token = ServerAddress.adminToken(env, admin.token, admin.data);
        }
        try (AdminConnection connection = AdminConnection.open(ServerAddress.endpoints(env, admin.server, admin.data), token,
                admin.socketFactory(env))) {
            DiagReply reply = connection.request(ClientFrame.newBuilder().setDiagRequest(request)).getDiagReply();
            env.out().println(reply.getWouldGrant() ? "GRANTED: a checkout would be granted now"
                    : reply.getWouldQueue() ? "QUEUED: no seat now; a checkout that waits would join the queue (" + reply.getReason() + ")"
                    : "DENIED: " + reply.getReason());
            reply.getExplanationList().forEach(line -> env.out().println("  " + line));
            return reply.getWouldGrant() ? ExitCodes.OK : ExitCodes.NEGATIVE;
        }
    }
}
