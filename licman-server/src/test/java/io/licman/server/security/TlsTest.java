package io.licman.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.licman.core.protocol.v1.ClientFrame;
import io.licman.core.protocol.v1.Ping;
import io.licman.server.tls.CertificateMaker;
import io.licman.server.tls.Fingerprint;
import io.licman.core.tls.Pem;
import io.licman.server.tls.ServerTls;
import io.licman.server.testing.TestServer;
import io.licman.server.testing.WireClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import io.licman.server.config.ServerConfig;

/** TLS on port 1384: the generated certificate, pinning, plaintext refusal and mutual TLS. */
@Timeout(60)
class TlsTest {

    @TempDir
    Path dir;

    private TestServer start(UnaryOperator<ServerConfig.Builder> configure) throws Exception {
        return TestServer.start(dir, List.of(TestServer.feature("cad-pro", 3).build()), null, configure);
    }

    @Test
    void firstStartGeneratesAPrivateKeyAndASelfSignedCertificateThatRestartsKeep() throws Exception {
        String fingerprint;
        try (TestServer server = start(b -> b)) {
            Path data = server.server().dataDirectory().root();
            fingerprint = server.server().tls().orElseThrow().fingerprint();

            assertThat(fingerprint).matches("sha256:[0-9a-f]{64}");
            assertThat(ServerTls.fingerprintIn(data)).isEqualTo(fingerprint);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve(ServerTls.KEY_FILE)))).isEqualTo("rw-------");
            assertThat(Pem.readCertificates(data.resolve(ServerTls.CERTIFICATE_FILE)).get(0).getSubjectX500Principal().getName()).contains("CN=test");
        }
        try (TestServer again = start(b -> b)) {
            assertThat(again.server().tls().orElseThrow().fingerprint()).isEqualTo(fingerprint);
        }
    }

    @Test
    void aClientThatPinsTheFingerprintGetsASessionInsideTls13() throws Exception {
        try (TestServer server = start(b -> b);
             SSLSocket socket = TlsClients.connect(server.port(), server.server().tls().orElseThrow().fingerprint(), null);
             WireClient client = WireClient.connect(socket, "alice", "ws1", null)) {

            assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.3");
            assertThat(client.checkout("cad-pro").getLeaseSecret().size()).isEqualTo(16);
        }
    }

    @Test
    void tls12IsStillAccepted() throws Exception {
        try (TestServer server = start(b -> b);
             SSLSocket socket = TlsClients.connect(server.port(), server.server().tls().orElseThrow().fingerprint(), null, "TLSv1.2");
             WireClient client = WireClient.connect(socket, "alice", "ws1", null)) {

            assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.2");
            assertThat(client.call(ClientFrame.newBuilder().setPing(Ping.getDefaultInstance())).hasPong()).isTrue();
        }
    }

    @Test
    void aWrongPinIsRefusedByTheClientBeforeAnythingIsSent() throws Exception {
        try (TestServer server = start(b -> b)) {
            String otherPin = Fingerprint.of(CertificateMaker.selfSigned("mallory", List.of(), List.of()).certificate());

            assertThatThrownBy(() -> TlsClients.connect(server.port(), otherPin, null)).isInstanceOf(IOException.class);
        }
    }

    @Test
    void httpWorksInsideTlsOnTheSamePort() throws Exception {
        try (TestServer server = start(b -> b);
             SSLSocket socket = TlsClients.connect(server.port(), server.server().tls().orElseThrow().fingerprint(), null)) {
            String response = http(socket, "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

            assertThat(response).startsWith("HTTP/1.1 200").contains("\"status\":\"ok\"");
        }
    }

    @Test
    void whenTlsIsRequiredPlaintextSessionsGetForbiddenAndPlaintextHttpGets426() throws Exception {
        try (TestServer server = start(b -> b.tls(b.tls().with("tls-required", "yes", dir)))) {
            try (Socket plain = new Socket("127.0.0.1", server.port())) {
                plain.setSoTimeout(5000);
                assertThat(http(plain, "GET /health HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 426").containsIgnoringCase("Upgrade: TLS/1.3");
            }
            assertThatThrownBy(() -> WireClient.connect(server.port(), "eve", "x", null))
                    .hasMessageContaining("ERROR_CODE_FORBIDDEN").hasMessageContaining("TLS only");
            try (SSLSocket socket = TlsClients.connect(server.port(), server.server().tls().orElseThrow().fingerprint(), null);
                 WireClient client = WireClient.connect(socket, "alice", "ws1", null)) {
                assertThat(client.checkout("cad-pro").getLeaseId()).isNotZero();
            }
        }
    }

    @Test
    void mutualTlsAcceptsClientsOfTheSiteAuthorityOnlyAndRefusesPlaintext() throws Exception {
        CertificateMaker.Issued siteCa = CertificateMaker.authority("site CA", Instant.now().plusSeconds(86_400));
        CertificateMaker.Issued otherCa = CertificateMaker.authority("other CA", Instant.now().plusSeconds(86_400));
        CertificateMaker.Issued goodClient = CertificateMaker.issue(siteCa, "ws1", List.of("ws1"), List.of(), Instant.now().plusSeconds(86_400));
        CertificateMaker.Issued badClient = CertificateMaker.issue(otherCa, "ws1", List.of("ws1"), List.of(), Instant.now().plusSeconds(86_400));
        Path caFile = Files.writeString(dir.resolve("site-ca.pem"), Pem.encode("CERTIFICATE", siteCa.certificate().getEncoded()));

        try (TestServer server = start(b -> b.tls(b.tls().with("tls-client-auth", "require", dir).with("tls-client-ca", caFile.toString(), dir)))) {
            String pin = server.server().tls().orElseThrow().fingerprint();
            try (SSLSocket socket = TlsClients.connect(server.port(), pin, goodClient);
                 WireClient client = WireClient.connect(socket, "alice", "ws1", null)) {
                assertThat(client.checkout("cad-pro").getLeaseId()).isNotZero();
            }
            assertThatThrownBy(() -> WireClient.connect(TlsClients.connect(server.port(), pin, badClient), "eve", "x", null))
                    .isInstanceOf(IOException.class);
            assertThatThrownBy(() -> WireClient.connect(TlsClients.connect(server.port(), pin, null), "eve", "x", null))
                    .isInstanceOf(IOException.class);
            assertThatThrownBy(() -> WireClient.connect(server.port(), "eve", "x", null)).hasMessageContaining("ERROR_CODE_FORBIDDEN");
        }
    }

    @Test
    void aConfiguredCertificateChainIsServedInsteadOfTheGeneratedOne() throws Exception {
        CertificateMaker.Issued ca = CertificateMaker.authority("site CA", Instant.now().plusSeconds(86_400));
        CertificateMaker.Issued serverCert = CertificateMaker.issue(ca, "lic1", List.of("localhost"), List.of(InetAddress.getLoopbackAddress()),
                Instant.now().plusSeconds(86_400));
        Path cert = Files.writeString(dir.resolve("lic1.pem"), Pem.encode("CERTIFICATE", serverCert.certificate().getEncoded())
                + Pem.encode("CERTIFICATE", ca.certificate().getEncoded()));
        Path key = Files.writeString(dir.resolve("lic1.key"), Pem.encode("PRIVATE KEY", serverCert.privateKey().getEncoded()));

        try (TestServer server = start(b -> b.tls(b.tls().with("tls-cert", cert.toString(), dir).with("tls-key", key.toString(), dir)));
             SSLSocket socket = TlsClients.connect(server.port(), Fingerprint.of(serverCert.certificate()), null)) {
            assertThat(socket.getSession().getPeerCertificates()).hasSize(2);
            assertThat(Files.exists(server.server().dataDirectory().root().resolve(ServerTls.KEY_FILE))).isFalse();
        }
    }

    @Test
    void tlsCanBeSwitchedOffAndThenTlsConnectionsAreClosed() throws Exception {
        try (TestServer server = start(b -> b.tls(b.tls().with("tls", "no", dir)))) {
            assertThat(server.server().tls()).isEmpty();
            assertThatThrownBy(() -> TlsClients.connect(server.port(), "sha256:" + "0".repeat(64), null)).isInstanceOf(IOException.class);
            try (WireClient plain = WireClient.connect(server.port(), "alice", "ws1", null)) {
                assertThat(plain.checkout("cad-pro").getLeaseId()).isNotZero();
            }
        }
    }

    @Test
    void aTlsSessionEndedByTheClientsTlsStackKeepsItsLeasesButOneWhoseProcessDiedReturnsThem() throws Exception {
        try (TestServer server = start(b -> b)) {
            String pin = server.server().tls().orElseThrow().fingerprint();
            SSLSocket reset = TlsClients.connect(server.port(), pin, null);
            io.licman.core.protocol.v1.Granted afterReset = WireClient.connect(reset, "alice", "ws1", null).checkout("cad-pro");
            reset.setSoLinger(true, 0);
            reset.close();
            SSLSocket closed = TlsClients.connect(server.port(), pin, null);
            io.licman.core.protocol.v1.Granted afterCloseNotify = WireClient.connect(closed, "alice", "ws1", null).checkout("cad-pro");
            closed.close();
            TlsClients.Layered died = TlsClients.connectLayered(server.port(), pin);
            io.licman.core.protocol.v1.Granted afterExit = WireClient.connect(died.tls(), "bob", "ws2", null).checkout("cad-pro");
            died.tcp().close();
            // The three sessions end on the server's network threads: wait until they have.
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            while (server.server().sessions().size() > 0 || server.server().ledger()
                    .read(ledger -> ledger.leases().stream().anyMatch(l -> l.lease().value() == afterExit.getLeaseId())).get()) {
                assertThat(System.nanoTime()).as("the three TLS sessions ended within 10 s").isLessThan(deadline);
                Thread.sleep(20);
            }

            try (SSLSocket socket = TlsClients.connect(server.port(), pin, null);
                 WireClient client = WireClient.connect(socket, "alice", "ws1", null)) {
                var resume = io.licman.core.protocol.v1.Resume.newBuilder();
                for (var granted : List.of(afterReset, afterCloseNotify, afterExit)) {
                    resume.addLeases(io.licman.core.protocol.v1.LeaseKey.newBuilder().setLeaseId(granted.getLeaseId()).setSecret(granted.getLeaseSecret()));
                }
                var resumed = client.call(ClientFrame.newBuilder().setResume(resume)).getResumed();

                assertThat(resumed.getLeases(0).getOk()).as("after a reset").isTrue();
                assertThat(resumed.getLeases(1).getOk()).as("after close_notify").isTrue();
                assertThat(resumed.getLeases(2).getOk()).as("after the process died (TCP close without close_notify)").isFalse();
            }
        }
    }

    private static String http(Socket socket, String request) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[8192];
        int n = in.read(buffer);
        return n < 0 ? "" : new String(buffer, 0, n, StandardCharsets.US_ASCII);
    }

}
