package io.licman.it.replication;

import io.licman.core.protocol.v1.ClientFrame;
import io.licman.core.protocol.v1.LeaseInfo;
import io.licman.core.protocol.v1.StatusRequest;
import io.licman.server.testing.WireClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;

/** Admin look-ups on a server process. */
final class Admin {

    private Admin() {
    }

    /** The ids of every lease the server's ledger holds. */
    static Set<Long> leaseIds(int port, Path dataDirectory) throws IOException {
        return leases(port, dataDirectory).stream().map(LeaseInfo::getLeaseId).collect(Collectors.toSet());
    }

    /** Every lease the server's ledger holds. */
    static java.util.List<LeaseInfo> leases(int port, Path dataDirectory) throws IOException {
        String token = Files.readString(dataDirectory.resolve("admin.token")).strip();
        try (WireClient admin = WireClient.connect(port, "admin", "test", token)) {
            var reply = admin.call(ClientFrame.newBuilder().setStatusRequest(StatusRequest.getDefaultInstance()));
            if (!reply.hasStatusReply()) {
                throw new IOException("status refused: " + reply);
            }
            return reply.getStatusReply().getLeasesList();
        }
    }
}
