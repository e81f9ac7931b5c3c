package io.licman.cli.cluster;

import io.licman.cli.CliEnvironment;
import io.licman.cli.ExitCodes;
import io.licman.cli.UserError;
import io.licman.server.config.ConfigException;
import io.licman.server.config.ConfigFile;
import io.licman.server.config.ReplicationConfig;
import io.licman.server.config.ServerConfig;
import io.licman.server.replication.ClusterAdmin;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code licman cluster}: the members of a replicated cluster, its leader and lag; adding and removing members. */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = {"Inspect and change a licman cluster over its cluster ports (see docs/replication.md).",
            "The peers are read from the 'peer' lines of a licman.conf (--config)."},
        subcommands = {ClusterCommand.Status.class, ClusterCommand.AddPeer.class, ClusterCommand.RemovePeer.class})
public final class ClusterCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand: status, add-peer or remove-peer");
    }

    static ReplicationConfig replication(CliEnvironment env, Path config) {
        ServerConfig.Builder builder = ServerConfig.builder();
        try {
            ConfigFile.apply(env.resolve(config), builder);
        } catch (ConfigException e) {
            throw new UserError(e.getMessage());
        }
        ReplicationConfig replication;
        try {
            replication = builder.licenseFiles(List.of(Path.of("-"))).trustDirectory(Path.of("-")).dataDirectory(Path.of("-"))
                    .build().replication();
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        if (replication.mode() != ReplicationConfig.Mode.CLUSTER) {
            throw new UserError(config + " names no cluster: it needs 'peer = ID HOST:CLUSTERPORT CLIENTPORT' lines and 'peer-id'");
        }
        return replication;
    }

    /** {@code licman cluster status}. */
    @Command(name = "status", mixinStandardHelpOptions = true, description = "Members, leader, term, commit index and each follower's lag.")
    public static final class Status implements Callable<Integer> {
        private final CliEnvironment env;

        @Option(names = "--config", paramLabel = "FILE", required = true, description = "A licman.conf with the cluster's peer lines.")
        Path config;

        public Status(CliEnvironment env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            try (ClusterAdmin admin = new ClusterAdmin(replication(env, config))) {
                List<ClusterAdmin.PeerView> views = admin.status();
                ClusterAdmin.PeerView leader = views.stream().filter(v -> v.role().equals("LEADER")).findFirst().orElse(null);
                env.out().printf(Locale.ROOT, "leader: %s%s%n", leader == null ? "none" : leader.id(),
                        leader == null ? "" : " (term " + leader.term() + ", commit index " + leader.commitIndex() + ")");
                env.out().printf(Locale.ROOT, "%-12s %-22s %-22s %-10s %8s %8s %9s %s%n", "PEER", "CLUSTER", "CLIENTS", "ROLE", "COMMIT",
                        "APPLIED", "SNAPSHOT", "LAG");
                for (ClusterAdmin.PeerView v : views) {
                    String lag = leader == null || v == leader ? "-" : leader.lagOf(v.id()) < 0 ? "?" : Long.toString(leader.lagOf(v.id()));
                    env.out().printf(Locale.ROOT, "%-12s %-22s %-22s %-10s %8d %8d %9d %s%s%n", v.id(), v.clusterAddress(), v.clientEndpoint(),
                            v.role(), v.commitIndex(), v.appliedIndex(), v.snapshotIndex(), lag,
                            v.problem() == null ? "" : "  (" + v.problem() + ")");
                }
                if (leader != null && !leader.members().isEmpty()) {
                    env.out().println("members: " + String.join(", ", leader.members()));
                }
                return leader == null ? ExitCodes.UNAVAILABLE : ExitCodes.OK;
            }
        }
    }

    /** {@code licman cluster add-peer}. */
    @Command(name = "add-peer", mixinStandardHelpOptions = true,
            description = {"Add a member: start it first with a config that names it, then run this.",
                "The leader sends it a snapshot and the log, then commits the new membership."})
    public static final class AddPeer implements Callable<Integer> {
        private final CliEnvironment env;

        @Option(names = "--config", paramLabel = "FILE", required = true, description = "A licman.conf whose peer lines include the new peer.")
        Path config;

        @Parameters(paramLabel = "ID", description = "The new peer's id (its peer line says where it is).")
        String id;

        public AddPeer(CliEnvironment env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            ReplicationConfig replication = replication(env, config);
            ReplicationConfig.Peer added = replication.peers().stream().filter(p -> p.id().equals(id)).findFirst()
                    .orElseThrow(() -> new UserError("no 'peer = " + id + " ...' line in " + config));
            try (ClusterAdmin admin = new ClusterAdmin(replication)) {
                List<ReplicationConfig.Peer> members = new ArrayList<>(current(admin, replication));
                if (members.stream().anyMatch(p -> p.id().equals(id))) {
                    throw new UserError(id + " is already a member");
                }
                members.add(added);
                admin.setMembers(members);
                env.out().println("added " + id + "; members: " + members.stream().map(ReplicationConfig.Peer::id).toList());
                return ExitCodes.OK;
            }
        }
    }

    /** {@code licman cluster remove-peer}. */
    @Command(name = "remove-peer", mixinStandardHelpOptions = true, description = "Remove a member; stop it afterwards.")
    public static final class RemovePeer implements Callable<Integer> {
        private final CliEnvironment env;

        @Option(names = "--config", paramLabel = "FILE", required = true, description = "A licman.conf with the cluster's peer lines.")
        Path config;

        @Parameters(paramLabel = "ID", description = "The id of the peer to remove.")
        String id;

        public RemovePeer(CliEnvironment env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            ReplicationConfig replication = replication(env, config);
            try (ClusterAdmin admin = new ClusterAdmin(replication)) {
                List<ReplicationConfig.Peer> current = current(admin, replication);
                if (current.stream().noneMatch(p -> p.id().equals(id))) {
                    throw new UserError(id + " is not a member; the members are " + current.stream().map(ReplicationConfig.Peer::id).toList());
                }
                List<ReplicationConfig.Peer> members = admin.removeMember(id, current);
                env.out().println("removed " + id + "; members: " + members.stream().map(ReplicationConfig.Peer::id).toList());
                return ExitCodes.OK;
            }
        }
    }

    /** The current members, with their addresses from the config (or as the cluster reports them). */
    static List<ReplicationConfig.Peer> current(ClusterAdmin admin, ReplicationConfig replication) throws IOException {
        List<ReplicationConfig.Peer> out = new ArrayList<>();
        for (var member : admin.members()) {
            String memberId = member.getId().toStringUtf8();
            out.add(replication.peers().stream().filter(p -> p.id().equals(memberId)).findFirst()
                    .orElseGet(() -> ReplicationConfig.Peer.parse(memberId + " " + member.getAddress())));
        }
        return out;
    }
}
