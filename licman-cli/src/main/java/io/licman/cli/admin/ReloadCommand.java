package io.licman.cli.admin;

import io.licman.cli.CliEnvironment;
import io.licman.cli.ExitCodes;
import io.licman.core.protocol.v1.ClientFrame;
import io.licman.core.protocol.v1.FileProblem;
import io.licman.core.protocol.v1.FileReport;
import io.licman.core.protocol.v1.ReloadReply;
import io.licman.core.protocol.v1.ReloadRequest;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code licman reload}: re-reads license and options files without dropping anyone. */
@Command(name = "reload", mixinStandardHelpOptions = true,
        description = {"Re-read the server's license and options files. Nobody is disconnected.",
            "If any file has an error, nothing changes: the previous licenses and options keep serving, and the errors are listed."})
public final class ReloadCommand implements Callable<Integer> {

    private final CliEnvironment env;

    @Mixin
    AdminOptions admin;

    public ReloadCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        String token = ServerAddress.adminToken(env, admin.token, admin.data);
        try (AdminConnection connection = AdminConnection.open(ServerAddress.endpoints(env, admin.server, admin.data), token,
                admin.socketFactory(env))) {
            ReloadReply reply = connection.request(ClientFrame.newBuilder().setReloadRequest(ReloadRequest.getDefaultInstance())).getReloadReply();
            for (FileReport file : reply.getFilesList()) {
                env.out().println((file.getProblemsCount() == 0 ? "ok     " : "ERRORS ") + file.getPath());
                for (FileProblem problem : file.getProblemsList()) {
                    env.out().println("  " + problem.getMessage());
                }
            }
            if (reply.getApplied()) {
                env.out().println("reloaded: " + reply.getFeaturesLoaded() + " feature blocks");
                return ExitCodes.OK;
            }
            env.out().println("NOT reloaded: fix the errors above; the previous licenses and options keep serving");
            return ExitCodes.NEGATIVE;
        }
    }
}
