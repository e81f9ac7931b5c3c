package io.licman.cli.token;

import io.licman.cli.CliEnvironment;
import io.licman.cli.ExitCodes;
import io.licman.cli.UserError;
import io.licman.server.auth.IssuedToken;
import io.licman.server.auth.Role;
import io.licman.server.auth.TokenInfo;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code licman token}: the HTTP API's and dashboard's access tokens. */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = {"Manage access tokens for the HTTP API and the dashboard: viewer tokens read, admin tokens also act.",
            "Works on the server's data directory on the server machine (the running server sees changes at once),",
            "or on any server over its HTTP API with --server PORT@HOST --token ADMIN_TOKEN."},
        subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class})
public final class TokenCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code licman token create}. */
    @Command(name = "create", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Create a token and print it on standard output, once: only its hash is kept."})
    public static final class Create implements Callable<Integer> {
        private final CliEnvironment env;

        @Option(names = "--role", required = true, paramLabel = "viewer|admin", description = "viewer (reads) or admin (reads and acts).")
        String role;

        @Option(names = "--name", paramLabel = "NAME", description = "A label to recognise it by in 'licman token list'.")
        String name;

        @Mixin
        TokenOptions where;

        public Create(CliEnvironment env) {
            this.env = env;
        }

        @Override
        public Integer call() {
            Role r = Role.parse(role).orElseThrow(() -> new UserError("--role must be viewer or admin, not '" + role + "'"));
            TokenAccess access = TokenAccess.of(env, where);
            IssuedToken issued = access.create(r, name);
            env.out().println(issued.secret());
            env.err().println("created " + issued.info().role().text() + " token " + issued.info().id() + " ('" + issued.info().name()
                    + "') in " + access.where() + "; it is shown only now");
            return ExitCodes.OK;
        }
    }

    /** {@code licman token list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = {"List tokens: id, role, name, created. Never their secrets."})
    public static final class ListTokens implements Callable<Integer> {
        private final CliEnvironment env;

        @Mixin
        TokenOptions where;

        public ListTokens(CliEnvironment env) {
            this.env = env;
        }

        @Override
        public Integer call() {
            List<TokenInfo> tokens = TokenAccess.of(env, where).list();
            env.out().printf("%-16s %-7s %-20s %s%n", "ID", "ROLE", "CREATED", "NAME");
            for (TokenInfo t : tokens) {
                env.out().printf("%-16s %-7s %-20s %s%n", t.id(), t.role().text(), t.bootstrap() ? "-"
                        : t.created().toString().substring(0, 16).replace('T', ' '), t.name());
            }
            return ExitCodes.OK;
        }
    }

    /** {@code licman token revoke}. */
    @Command(name = "revoke", mixinStandardHelpOptions = true, description = {"Revoke a token by id; it stops working at once."})
    public static final class Revoke implements Callable<Integer> {
        private final CliEnvironment env;

        @Parameters(paramLabel = "ID", description = "The id 'licman token list' shows.")
        String id;

        @Mixin
        TokenOptions where;

        public Revoke(CliEnvironment env) {
            this.env = env;
        }

        @Override
        public Integer call() {
            if (!TokenAccess.of(env, where).revoke(id)) {
                env.err().println("licman token revoke: no token has the id '" + id + "'");
                return ExitCodes.NEGATIVE;
            }
            env.out().println("revoked " + id);
            return ExitCodes.OK;
        }
    }
}
