package io.licman.it.replication;

import io.licman.core.license.FeatureLicense;
import io.licman.server.config.ReplicationConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Server processes forming one cluster on loopback: peer lines, leader look-up, kill and restart. */
final class Cluster implements AutoCloseable {

    final Path dir;
    final List<ServerProcess> servers = new ArrayList<>();
    final List<ReplicationConfig.Peer> peers = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();

    Cluster(Path dir, List<FeatureLicense> features, String... names) throws IOException {
        this.dir = dir;
        ServerProcess.writeLicenses(dir, features);
        List<Integer> ports = ServerProcess.freePorts(2 * names.length);
        for (int i = 0; i < names.length; i++) {
            peers.add(new ReplicationConfig.Peer(names[i], "127.0.0.1", ports.get(2 * i), ports.get(2 * i + 1)));
        }
        for (ReplicationConfig.Peer p : peers) {
            servers.add(server(p, peers));
        }
    }

    /** A server process for {@code self} whose config names {@code members}. */
    ServerProcess server(ReplicationConfig.Peer self, List<ReplicationConfig.Peer> members) throws IOException {
        String lines = "peer-id = " + self.id() + "\n" + members.stream().map(p -> "peer = " + p + "\n").collect(Collectors.joining());
        return new ServerProcess(self.id(), ServerProcess.writeConfig(dir, self.id(), self.clientPort(), lines), self.clientPort());
    }

    ReplicationConfig replication() {
        return ReplicationConfig.cluster(peers.get(0).id(), peers);
    }

    void startAll() throws IOException, InterruptedException {
        for (ServerProcess s : servers) {
            s.start(false);
        }
        for (ServerProcess s : servers) {
            s.awaitReady(Duration.ofSeconds(60));
        }
    }

    String endpoints() {
        return servers.stream().map(ServerProcess::endpoint).collect(Collectors.joining(","));
    }

    /** The server whose /health says it leads, waiting up to {@code timeout}; null if none. */
    ServerProcess leader(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (ServerProcess s : servers) {
                if (s.isAlive() && "leader".equals(role(s))) {
                    return s;
                }
            }
            Thread.sleep(50);
        }
        return null;
    }

    String role(ServerProcess s) {
        try {
            String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port + "/health"))
                    .timeout(Duration.ofMillis(800)).build(), HttpResponse.BodyHandlers.ofString()).body();
            int at = body.indexOf("\"role\":\"");
            return at < 0 ? "" : body.substring(at + 8, body.indexOf('"', at + 8));
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (ServerProcess s : servers) {
            s.kill();
        }
    }
}
