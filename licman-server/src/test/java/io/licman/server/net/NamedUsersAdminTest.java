package io.licman.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.licman.core.protocol.v1.Checkout;
import io.licman.core.protocol.v1.ClientFrame;
import io.licman.core.protocol.v1.DenialReason;
import io.licman.core.protocol.v1.ErrorCode;
import io.licman.core.protocol.v1.NamedUsersRequest;
import io.licman.core.protocol.v1.ServerFrame;
import io.licman.server.testing.TestServer;
import io.licman.server.testing.WireClient;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Administrators assign the users of a named-user feature over the protocol. */
@Timeout(60)
class NamedUsersAdminTest {

    @TempDir
    Path dir;

    @Test
    void onlyAssignedUsersGetANamedUserFeatureAndTheSeatCountCapsAssignments() throws Exception {
        try (TestServer server = TestServer.start(dir, List.of(TestServer.feature("cad-pro", 2).namedUsers(true).build()), null, b -> b);
             WireClient admin = WireClient.connect(server.port(), "root", "srv", server.adminToken());
             WireClient alice = WireClient.connect(server.port(), "alice", "ws1", null);
             WireClient bob = WireClient.connect(server.port(), "bob", "ws2", null)) {
            ServerFrame before = bob.call(checkout());

            ServerFrame assigned = admin.call(named(List.of("bob", "alice"), List.of()));
            ServerFrame tooMany = admin.call(named(List.of("carol"), List.of()));
            ServerFrame listed = admin.call(named(List.of(), List.of()));

            assertThat(before.getDenied().getReason()).isEqualTo(DenialReason.DENIAL_REASON_NOT_A_NAMED_USER);
            assertThat(assigned.getNamedUsersReply().getUsersList()).containsExactly("alice", "bob");
            assertThat(tooMany.getError().getCode()).isEqualTo(ErrorCode.ERROR_CODE_INVALID_REQUEST);
            assertThat(listed.getNamedUsersReply().getUsersList()).containsExactly("alice", "bob");
            assertThat(alice.call(checkout()).hasGranted()).isTrue();
            assertThat(bob.call(checkout()).hasGranted()).isTrue();

            admin.call(named(List.of(), List.of("bob")));
            assertThat(admin.call(named(List.of(), List.of())).getNamedUsersReply().getUsersList()).containsExactly("alice");
        }
    }

    @Test
    void namedUserAdministrationNeedsTheAdminToken() throws Exception {
        try (TestServer server = TestServer.start(dir, TestServer.feature("cad-pro", 2).namedUsers(true).build());
             WireClient alice = WireClient.connect(server.port(), "alice", "ws1", null)) {
            assertThat(alice.call(named(List.of("alice"), List.of())).getError().getCode()).isEqualTo(ErrorCode.ERROR_CODE_FORBIDDEN);
        }
    }

    private static ClientFrame.Builder checkout() {
        return ClientFrame.newBuilder().setCheckout(Checkout.newBuilder().setVendor("acme").setFeature("cad-pro"));
    }

    private static ClientFrame.Builder named(List<String> assign, List<String> unassign) {
        return ClientFrame.newBuilder().setNamedUsersRequest(NamedUsersRequest.newBuilder().setVendor("acme").setFeature("cad-pro")
                .addAllAssign(assign).addAllUnassign(unassign));
    }
}
