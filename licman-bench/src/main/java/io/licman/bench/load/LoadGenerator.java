package io.licman.bench.load;

import io.licman.core.crypto.FeatureSigner;
import io.licman.core.crypto.VendorPrivateKey;
import io.licman.core.license.FeatureLicense;
import io.licman.core.license.LicenseFileWriter;
import io.licman.core.protocol.v1.Checkin;
import io.licman.core.protocol.v1.Checkout;
import io.licman.core.protocol.v1.ClientFrame;
import io.licman.core.protocol.v1.Granted;
import io.licman.core.protocol.v1.Heartbeat;
import io.licman.core.protocol.v1.LeaseKey;
import io.licman.core.protocol.v1.Ping;
import io.licman.core.protocol.v1.ServerFrame;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;

/**
 * The server load test, one command, every figure measured in the same run against the same
 * server (a child JVM with {@code -Xmx512m}):
 * <ol>
 *   <li>bare round trips (Ping) and checkout+checkin cycles with 1, 16 and 64 concurrent clients;</li>
 *   <li>100,000 leases held over 100 connections, renewed by heartbeats, with the server's heap and CPU;</li>
 *   <li>10,000 open client connections.</li>
 * </ol>
 * Run: {@code java -cp licman-bench/target/benchmarks.jar io.licman.bench.load.LoadGenerator [seconds-per-phase]
 * [leases] [connections] [--replication none|standalone|cluster3] [--clients 1,16,64]}: the ledger in memory
 * (the default), on local disk, or in three server JVMs on loopback (then the load goes to the leader, and a
 * last phase kills the leader and measures the time until a checkout is granted again). The environment
 * variable {@code LICMAN_BENCH_SERVER_OPTS} adds JVM options to the server (a profiler, say).
 */
public final class LoadGenerator {

    private static int[] concurrency = {1, 16, 64};
    private static final int WARMUP_SECONDS = 5;

    private final int seconds;
    private final int port;
    private final long serverPid;

    private LoadGenerator(int seconds, int port, long serverPid) {
        this.seconds = seconds;
        this.port = port;
        this.serverPid = serverPid;
    }

    public static void main(String[] args) throws Exception {
        List<String> positional = new ArrayList<>();
        String replication = "none";
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--replication")) {
                replication = args[++i];
            } else if (args[i].equals("--clients")) {
                concurrency = java.util.Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
            } else {
                positional.add(args[i]);
            }
        }
        if (!List.of("none", "standalone", "cluster3").contains(replication)) {
            throw new IllegalArgumentException("--replication " + replication + ": use none, standalone or cluster3");
        }
        int seconds = positional.size() > 0 ? Integer.parseInt(positional.get(0)) : 10;
        int leases = positional.size() > 1 ? Integer.parseInt(positional.get(1)) : 100_000;
        int connections = positional.size() > 2 ? Integer.parseInt(positional.get(2)) : 10_000;
        Path dir = Files.createTempDirectory("licman-load");
        writeLicense(dir);
        List<Process> servers = new ArrayList<>();
        try {
            List<Integer> ports = new ArrayList<>();
            if (replication.equals("cluster3")) {
                List<String> peers = new ArrayList<>();
                List<Integer> free = freePorts(6);
                List<String> ids = List.of("a", "b", "c");
                for (int i = 0; i < ids.size(); i++) {
                    peers.add(ids.get(i) + " 127.0.0.1:" + free.get(2 * i) + " " + free.get(2 * i + 1));
                }
                for (String peer : peers) {
                    servers.add(startServer(dir, "cluster", peer.split(" ")[0], String.join(";", peers)));
                }
            } else {
                servers.add(startServer(dir, replication));
            }
            for (Process server : servers) {
                ports.add(awaitPort(server));
            }
            int leader = awaitLeader(ports);
            Process leaderProcess = servers.get(ports.indexOf(leader));
            LoadGenerator load = new LoadGenerator(seconds, leader, leaderProcess.pid());
            System.out.printf(Locale.ROOT, "licman load test: replication %s, server pid %d on 127.0.0.1:%d, %d s per phase, %d cores%n%n",
                    replication, leaderProcess.pid(), leader, seconds, Runtime.getRuntime().availableProcessors());
            load.roundTrips();
            if (leases > 0) {
                load.heldLeases(leases);
            }
            if (connections > 0) {
                load.openConnections(connections);
            }
            if (servers.size() > 1) {
                failover(leaderProcess, ports.stream().filter(p -> p != leader).toList());
            }
        } finally {
            for (Process server : servers) {
                server.destroyForcibly().waitFor();
            }
        }
    }

    /** The port of the server that grants a checkout (the leader), waiting up to 60 s for one. */
    private static int awaitLeader(List<Integer> ports) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (int port : ports) {
                if (grants(port)) {
                    return port;
                }
            }
            Thread.sleep(100);
        }
        throw new IOException("no server granted a checkout within 60 s");
    }

    private static boolean grants(int port) {
        try (BenchConnection c = new BenchConnection(port, "probe")) {
            ServerFrame reply = c.call(ClientFrame.newBuilder().setCheckout(Checkout.newBuilder().setVendor("bench").setFeature("load")));
            if (reply.hasGranted()) {
                c.call(ClientFrame.newBuilder().setCheckin(Checkin.newBuilder().setLeaseId(reply.getGranted().getLeaseId())
                        .setSecret(reply.getGranted().getLeaseSecret())));
                return true;
            }
            return false;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Kills the leader with SIGKILL and measures how long until one of the others grants a checkout. */
    private static void failover(Process leader, List<Integer> others) throws Exception {
        long killed = System.nanoTime();
        leader.destroyForcibly().waitFor();
        long deadline = killed + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (int port : others) {
                if (grants(port)) {
                    System.out.printf(Locale.ROOT, "failover: SIGKILL of the leader; a checkout was granted again %,d ms later (port %d)%n",
                            (System.nanoTime() - killed) / 1_000_000, port);
                    return;
                }
            }
            Thread.sleep(20);
        }
        System.out.println("failover: no checkout granted within 30 s of killing the leader");
    }

    /** {@code count} different free ports: every socket stays open until all are chosen, so none is handed out twice. */
    private static List<Integer> freePorts(int count) throws IOException {
        List<java.net.ServerSocket> held = new ArrayList<>();
        try {
            List<Integer> ports = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                java.net.ServerSocket socket = new java.net.ServerSocket(0);
                held.add(socket);
                ports.add(socket.getLocalPort());
            }
            return ports;
        } finally {
            for (java.net.ServerSocket socket : held) {
                socket.close();
            }
        }
    }

    private void roundTrips() throws Exception {
        Operation ping = c -> c.call(ClientFrame.newBuilder().setPing(Ping.getDefaultInstance()));
        Operation cycle = c -> {
            ServerFrame granted = c.call(ClientFrame.newBuilder().setCheckout(Checkout.newBuilder().setVendor("bench").setFeature("load")));
            Granted g = granted.getGranted();
            c.call(ClientFrame.newBuilder().setCheckin(Checkin.newBuilder().setLeaseId(g.getLeaseId()).setSecret(g.getLeaseSecret())));
        };
        // Both paths compiled by the JIT before anything is measured, so neither pays for warming up.
        try (Clients warm = new Clients(16)) {
            for (int round = 0; round < WARMUP_SECONDS; round++) {
                warm.run(ping, 1_000);
                warm.run(cycle, 1_000);
            }
        }
        System.out.println("| clients | ping round trips/s | checkout+checkin cycles/s | cycles / pings |");
        System.out.println("|---|---|---|---|");
        for (int clients : concurrency) {
            // Pings and cycles take turns in one-second slices, so a change in the machine's load hits both sides alike.
            long pings = 0;
            long cycles = 0;
            try (Clients connections = new Clients(clients)) {
                for (int slice = 0; slice < seconds; slice++) {
                    pings += connections.run(ping, 1_000);
                    cycles += connections.run(cycle, 1_000);
                }
            }
            System.out.printf(Locale.ROOT, "| %d | %,.0f | %,.0f | %.0f%% |%n", clients, pings / (double) seconds, cycles / (double) seconds,
                    100.0 * cycles / pings);
        }
        System.out.println();
    }

    private interface Operation {
        void run(BenchConnection connection) throws IOException;
    }

    /** Connections of the round-trip phases, each driven by its own thread. */
    private final class Clients implements AutoCloseable {
        private static final long RAMP_NANOS = 200_000_000L;
        private final List<BenchConnection> connections = new ArrayList<>();
        private final ExecutorService pool;

        Clients(int count) throws IOException {
            for (int i = 0; i < count; i++) {
                connections.add(new BenchConnection(port, "user" + i));
            }
            pool = Executors.newFixedThreadPool(count);
        }

        /** Runs {@code op} in a loop on every connection; counts the operations of the {@code millis} after a 0.2 s ramp. */
        long run(Operation op, long millis) throws Exception {
            LongAdder done = new LongAdder();
            long counted = System.nanoTime() + RAMP_NANOS;
            long end = counted + millis * 1_000_000L;
            List<Future<?>> futures = new ArrayList<>();
            for (BenchConnection c : connections) {
                futures.add(pool.submit(() -> {
                    while (true) {
                        long started = System.nanoTime();
                        if (started >= end) {
                            return null;
                        }
                        op.run(c);
                        if (started >= counted) {
                            done.increment();
                        }
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            return done.sum();
        }

        @Override
        public void close() throws IOException {
            pool.shutdown();
            for (BenchConnection c : connections) {
                c.close();
            }
        }
    }

    private void heldLeases(int total) throws Exception {
        int perConnection = 1_000;
        int connectionsNeeded = Math.max(1, total / perConnection);
        List<BenchConnection> connections = new ArrayList<>();
        List<Heartbeat> heartbeats = new ArrayList<>();
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<Heartbeat>> built = new ArrayList<>();
        for (int i = 0; i < connectionsNeeded; i++) {
            BenchConnection c = new BenchConnection(port, "holder" + i);
            connections.add(c);
            built.add(pool.submit(() -> {
                Heartbeat.Builder hb = Heartbeat.newBuilder();
                for (int j = 0; j < perConnection; j++) {
                    Granted g = c.call(ClientFrame.newBuilder().setCheckout(Checkout.newBuilder().setVendor("bench").setFeature("held"))).getGranted();
                    hb.addLeases(LeaseKey.newBuilder().setLeaseId(g.getLeaseId()).setSecret(g.getLeaseSecret()));
                }
                return hb.build();
            }));
        }
        for (Future<Heartbeat> f : built) {
            heartbeats.add(f.get());
        }
        double checkoutSeconds = (System.nanoTime() - start) / 1e9;
        long cpuBefore = serverCpuMillis();
        long hbStart = System.nanoTime();
        LongAdder acks = new LongAdder();
        long end = hbStart + seconds * 1_000_000_000L;
        List<Future<?>> loops = new ArrayList<>();
        for (int i = 0; i < connections.size(); i++) {
            BenchConnection c = connections.get(i);
            Heartbeat hb = heartbeats.get(i);
            loops.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    ServerFrame ack = c.call(ClientFrame.newBuilder().setHeartbeat(hb));
                    if (ack.getHeartbeatAck().getLeasesCount() != hb.getLeasesCount() || !ack.getHeartbeatAck().getLeases(0).getOk()) {
                        throw new IllegalStateException("a heartbeat lost leases: " + ack.getHeartbeatAck().getLeases(0));
                    }
                    acks.increment();
                }
                return null;
            }));
        }
        for (Future<?> f : loops) {
            f.get();
        }
        double hbSeconds = (System.nanoTime() - hbStart) / 1e9;
        double cpu = (serverCpuMillis() - cpuBefore) / 1000.0 / hbSeconds;
        long heap = serverHeapAfterGc();
        System.out.printf(Locale.ROOT, "%,d leases held on %d connections (checked out in %.1f s, %,.0f/s)%n", connectionsNeeded * perConnection,
                connectionsNeeded, checkoutSeconds, connectionsNeeded * perConnection / checkoutSeconds);
        System.out.printf(Locale.ROOT, "heartbeats: %,.0f/s, each renewing %,d leases (%,.0f lease renewals/s); server CPU %.2f cores%n",
                acks.sum() / hbSeconds, perConnection, acks.sum() * perConnection / hbSeconds, cpu);
        System.out.printf(Locale.ROOT, "server heap after GC with all leases held: %,d MB (limit -Xmx512m)%n%n", heap / (1024 * 1024));
        pool.shutdown();
        for (BenchConnection c : connections) {
            c.close();
        }
    }

    private void openConnections(int count) throws Exception {
        List<BenchConnection> connections = new ArrayList<>(count);
        long start = System.nanoTime();
        try {
            for (int i = 0; i < count; i++) {
                connections.add(new BenchConnection(port, "idle" + i));
            }
            double took = (System.nanoTime() - start) / 1e9;
            long t0 = System.nanoTime();
            try (BenchConnection probe = new BenchConnection(port, "probe")) {
                probe.call(ClientFrame.newBuilder().setPing(Ping.getDefaultInstance()));
            }
            double probeMillis = (System.nanoTime() - t0) / 1e6;
            System.out.printf(Locale.ROOT, "%,d client connections open (handshakes took %.1f s); a new client's connect+hello+ping took %.1f ms; "
                    + "server heap after GC %,d MB%n", connections.size(), took, probeMillis, serverHeapAfterGc() / (1024 * 1024));
        } finally {
            for (BenchConnection c : connections) {
                c.close();
            }
        }
    }

    private long serverCpuMillis() throws IOException {
        String[] stat = Files.readString(Path.of("/proc/" + serverPid + "/stat")).split("\\)")[1].trim().split(" ");
        long ticks = Long.parseLong(stat[11]) + Long.parseLong(stat[12]);
        return ticks * 10;
    }

    private long serverHeapAfterGc() throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        new ProcessBuilder(jcmd.toString(), Long.toString(serverPid), "GC.run").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        double heap = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                heap += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return (long) heap;
    }

    private static void writeLicense(Path dir) throws IOException {
        VendorPrivateKey key = VendorPrivateKey.generate("bench");
        Files.createDirectories(dir.resolve("trust"));
        Files.writeString(dir.resolve("trust/bench.pub"), key.publicKey().toFileText());
        FeatureSigner signer = new FeatureSigner(key);
        List<FeatureLicense> features = List.of(
                FeatureLicense.builder("bench", "load").version("1.0").count(1_000).permanent().issued(LocalDate.of(2026, 1, 1)).build(),
                FeatureLicense.builder("bench", "held").version("1.0").count(500_000).permanent().issued(LocalDate.of(2026, 1, 1)).build());
        Files.writeString(dir.resolve("bench.lic"), LicenseFileWriter.write(features.stream().map(signer::sign).toList()));
    }

    private static Process startServer(Path dir, String... replication) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx512m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-Dorg.slf4j.simpleLogger.log.org.apache.ratis=error"));
        String extra = System.getenv("LICMAN_BENCH_SERVER_OPTS");
        if (extra != null && !extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), BenchServer.class.getName(), dir.toString()));
        command.addAll(List.of(replication));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static int awaitPort(Process server) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.startsWith("PORT ")) {
                return Integer.parseInt(line.substring(5).trim());
            }
        }
        throw new IOException("the benchmark server exited before it was ready");
    }
}
