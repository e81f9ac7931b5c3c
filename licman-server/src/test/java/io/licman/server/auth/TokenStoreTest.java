package io.licman.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The token store: hashed on disk, shared between the server and the CLI, revocation immediate. */
class TokenStoreTest {

    @TempDir
    Path data;

    @Test
    void tokensAreStoredOnlyAsHashesInAPrivateFile() throws Exception {
        TokenStore store = TokenStore.open(data, "lm_admin_bootstrap");
        IssuedToken issued = store.create(Role.VIEWER, "screen", Instant.parse("2026-11-27T10:00:00Z"));
        String file = Files.readString(data.resolve(TokenStore.FILE));
        assertThat(file).doesNotContain(issued.secret()).contains("\"sha256\"").contains("screen");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve(TokenStore.FILE)))).isEqualTo("rw-------");
        assertThat(issued.toString()).doesNotContain(issued.secret());
    }

    @Test
    void aTokenAuthenticatesWithItsRoleUntilRevoked() {
        TokenStore store = TokenStore.open(data, "lm_admin_bootstrap");
        IssuedToken viewer = store.create(Role.VIEWER, "screen", Instant.now());
        assertThat(store.authenticate(viewer.secret())).hasValueSatisfying(p -> assertThat(p.role()).isEqualTo(Role.VIEWER));
        assertThat(store.isAdmin(viewer.secret())).isFalse();
        assertThat(store.revoke(viewer.info().id())).isTrue();
        assertThat(store.authenticate(viewer.secret())).isEmpty();
        assertThat(store.revoke(viewer.info().id())).isFalse();
    }

    @Test
    void theAdminTokenFileIsAlwaysAnAdminAndCannotBeRevokedById() {
        TokenStore store = TokenStore.open(data, "lm_admin_bootstrap");
        assertThat(store.isAdmin("lm_admin_bootstrap")).isTrue();
        assertThat(store.list().get(0).bootstrap()).isTrue();
        assertThatThrownBy(() -> store.revoke(TokenStore.BOOTSTRAP_ID)).hasMessageContaining("delete the admin.token file");
    }

    @Test
    void changesByAnotherProcessAreSeenAtTheNextCheck() {
        TokenStore server = TokenStore.open(data, "lm_admin_bootstrap");
        TokenStore cli = TokenStore.open(data, "lm_admin_bootstrap");
        IssuedToken made = cli.create(Role.ADMIN, "ops", Instant.now());
        assertThat(server.isAdmin(made.secret())).isTrue();
        cli.revoke(made.info().id());
        assertThat(server.authenticate(made.secret())).isEmpty();
    }

    @Test
    void unknownEmptyAndOversizedTokensAreRefused() {
        TokenStore store = TokenStore.open(data, "lm_admin_bootstrap");
        assertThat(store.authenticate("")).isEmpty();
        assertThat(store.authenticate(null)).isEmpty();
        assertThat(store.authenticate("x".repeat(10_000))).isEmpty();
        assertThat(store.authenticate("lm_admin_bootstrapX")).isEmpty();
    }

    @Test
    void namesAreChecked() {
        TokenStore store = TokenStore.open(data, "lm_admin_bootstrap");
        assertThatThrownBy(() -> store.create(Role.VIEWER, "<script>", Instant.now())).isInstanceOf(IllegalArgumentException.class);
        assertThat(store.create(Role.VIEWER, null, Instant.now()).info().name()).isEqualTo("unnamed");
    }
}
