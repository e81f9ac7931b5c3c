package io.licman.server.replication;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Collection;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.proto.RaftProtos.AppendEntriesReplyProto;
import org.apache.ratis.proto.RaftProtos.AppendEntriesRequestProto;
import org.apache.ratis.proto.RaftProtos.InstallSnapshotReplyProto;
import org.apache.ratis.proto.RaftProtos.InstallSnapshotRequestProto;
import org.apache.ratis.proto.RaftProtos.RequestVoteReplyProto;
import org.apache.ratis.proto.RaftProtos.RequestVoteRequestProto;
import org.apache.ratis.proto.RaftProtos.StartLeaderElectionReplyProto;
import org.apache.ratis.proto.RaftProtos.StartLeaderElectionRequestProto;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.rpc.RpcFactory;
import org.apache.ratis.rpc.RpcType;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerRpc;
import org.apache.ratis.server.ServerFactory;

/**
 * The Ratis transport of a one-peer group: it opens no port, because a group of one never sends
 * a vote or an entry to anyone. Any attempt to reach another peer fails.
 */
public final class LocalOnlyRpc implements RpcType {

    @Override
    public String name() {
        return LocalOnlyRpc.class.getName();
    }

    @Override
    public RpcFactory newFactory(Parameters parameters) {
        return new Factory();
    }

    private final class Factory implements ServerFactory {
        @Override
        public RpcType getRpcType() {
            return LocalOnlyRpc.this;
        }

        @Override
        public RaftServerRpc newRaftServerRpc(RaftServer server) {
            return new Rpc();
        }
    }

    private final class Rpc implements RaftServerRpc {
        @Override
        public RpcType getRpcType() {
            return LocalOnlyRpc.this;
        }

        @Override
        public void start() {
        }

        @Override
        public InetSocketAddress getInetSocketAddress() {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        }

        @Override
        public void handleException(RaftPeerId serverId, Exception e, boolean reconnect) {
        }

        @Override
        public void addRaftPeers(Collection<RaftPeer> peers) {
        }

        @Override
        public RequestVoteReplyProto requestVote(RequestVoteRequestProto request) throws IOException {
            throw unreachable();
        }

        @Override
        public AppendEntriesReplyProto appendEntries(AppendEntriesRequestProto request) throws IOException {
            throw unreachable();
        }

        @Override
        public InstallSnapshotReplyProto installSnapshot(InstallSnapshotRequestProto request) throws IOException {
            throw unreachable();
        }

        @Override
        public StartLeaderElectionReplyProto startLeaderElection(StartLeaderElectionRequestProto request) throws IOException {
            throw unreachable();
        }

        @Override
        public void close() {
        }

        private IOException unreachable() {
            return new IOException("a standalone licman server has no other peers to reach");
        }
    }
}
