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
 * Run: {@code java -cp licman-bench/target/benchmarks.jar io.licman.bench.load.LoadGenerator [seconds-per-phase]}.
 */
public final class LoadGenerator {

    private static final int[] CONCURRENCY = {1, 16, 64};

    private final int seconds;
    private final int port;
    private final long serverPid;

    private LoadGenerator(int seconds, int port, long serverPid) {
        this.seconds = seconds;
        this.port = port;
        this.serverPid = serverPid;
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int leases = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int connections = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
        Path dir = Files.createTempDirectory("licman-load");
        writeLicense(dir);
        Process server = startServer(dir);
        try {
            int port = awaitPort(server);
            LoadGenerator load = new LoadGenerator(seconds, port, server.pid());
            System.out.printf(Locale.ROOT, "licman load test: server pid %d on 127.0.0.1:%d, %d s per phase, %d cores%n%n",
                    server.pid(), port, seconds, Runtime.getRuntime().availableProcessors());
            load.roundTrips();
            load.heldLeases(leases);
            load.openConnections(connections);
        } finally {
            server.destroyForcibly().waitFor();
        }
    }

    private void roundTrips() throws Exception {
        System.out.println("| clients | ping round trips/s | checkout+checkin cycles/s | cycles / pings |");
        System.out.println("|---|---|---|---|");
        for (int clients : CONCURRENCY) {
            double pings = measure(clients, c -> c.call(ClientFrame.newBuilder().setPing(Ping.getDefaultInstance())));
            double cycles = measure(clients, c -> {
                ServerFrame granted = c.call(ClientFrame.newBuilder().setCheckout(Checkout.newBuilder().setVendor("bench").setFeature("load")));
                Granted g = granted.getGranted();
                c.call(ClientFrame.newBuilder().setCheckin(Checkin.newBuilder().setLeaseId(g.getLeaseId()).setSecret(g.getLeaseSecret())));
            });
            System.out.printf(Locale.ROOT, "| %d | %,.0f | %,.0f | %.0f%% |%n", clients, pings, cycles, 100 * cycles / pings);
        }
        System.out.println();
    }

    private interface Operation {
        void run(BenchConnection connection) throws IOException;
    }

    /** Runs {@code op} in a loop on {@code clients} connections for the phase length; returns operations per second. */
    private double measure(int clients, Operation op) throws Exception {
        List<BenchConnection> connections = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            connections.add(new BenchConnection(port, "user" + i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        LongAdder done = new LongAdder();
        long warmupEnd = System.nanoTime() + 2_000_000_000L;
        long end = warmupEnd + seconds * 1_000_000_000L;
        List<Future<?>> futures = new ArrayList<>();
        for (BenchConnection c : connections) {
            futures.add(pool.submit(() -> {
                while (true) {
                    long now = System.nanoTime();
                    if (now >= end) {
                        return null;
                    }
                    op.run(c);
                    if (now >= warmupEnd) {
                        done.increment();
                    }
                }
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        for (BenchConnection c : connections) {
            c.close();
        }
        return done.sum() / (double) seconds;
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

    private static Process startServer(Path dir) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new ProcessBuilder(java.toString(), "-Xmx512m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("java.class.path"), BenchServer.class.getName(), dir.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
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
