package io.licman.it.replication;

import io.licman.core.license.FeatureLicense;
import io.licman.server.testing.TestServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** One licman server process ({@link ServerMain}) that can be killed with SIGKILL and started again on the same files. */
final class ServerProcess implements AutoCloseable {

    final String name;
    final Path config;
    final int port;
    private final Path log;
    private Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    /** Extra JVM options for every server process started from now on (system properties of the server). */
    static volatile List<String> jvmOptions = List.of();

    ServerProcess(String name, Path config, int port) {
        this.name = name;
        this.config = config;
        this.port = port;
        this.log = config.resolveSibling(name + ".log");
    }

    /** The lease TTL of every server the tests start ({@code lease-ttl} in the config). */
    static final Duration LEASE_TTL = Duration.ofSeconds(10);

    /** Writes the trust directory and a license file of {@code features} into {@code dir}. */
    static void writeLicenses(Path dir, List<FeatureLicense> features) throws IOException {
        Path trust = Files.createDirectories(dir.resolve("trust"));
        Files.writeString(trust.resolve("acme.pub"), TestServer.VENDOR_KEY.publicKey().toFileText());
        TestServer.writeLicense(dir.resolve("site.lic"), features);
    }

    /** A config file for a server in {@code dir} with its own data directory; {@code extra} lines are appended. */
    static Path writeConfig(Path dir, String name, int port, String extra) throws IOException {
        String text = "license = site.lic\ntrust = trust\ndata = data-" + name + "\nport = " + port + "\nbind = 127.0.0.1\n"
                + "udp = no\nwatch = no\nlease-ttl = " + LEASE_TTL.toSeconds() + "s\nserver-id = " + name + "\nreport-log = no\n" + extra;
        return Files.writeString(dir.resolve(name + ".conf"), text);
    }

    /** One free loopback port; see {@link #freePorts(int)}. */
    static int freePort() throws IOException {
        return freePorts(1).get(0);
    }

    /**
     * {@code count} different ports free on 127.0.0.1, below the kernel's range of ephemeral ports
     * (32768 and up on Linux): a port handed out by {@code new ServerSocket(0)} can be handed out
     * again by the next such call, or taken as the source port of an outgoing connection while its
     * server is killed and before it starts again.
     */
    static List<Integer> freePorts(int count) throws IOException {
        List<ServerSocket> held = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        java.util.Random random = new java.util.Random();
        try {
            for (int attempt = 0; ports.size() < count; attempt++) {
                if (attempt > 1_000) {
                    throw new IOException("no free port between 20000 and 32000 on 127.0.0.1 after 1000 attempts");
                }
                int port = 20_000 + random.nextInt(12_000);
                if (ports.contains(port)) {
                    continue;
                }
                ServerSocket socket = new ServerSocket();
                socket.setReuseAddress(false);
                try {
                    socket.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port));
                } catch (IOException taken) {
                    socket.close();
                    continue;
                }
                held.add(socket);
                ports.add(port);
            }
            return ports;
        } finally {
            for (ServerSocket socket : held) {
                socket.close();
            }
        }
    }

    /** Starts the process; with {@code awaitReady} waits until it listens. */
    void start(boolean awaitReady) throws IOException, InterruptedException {
        lines.clear();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-Dorg.slf4j.simpleLogger.log.org.apache.ratis=error", "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-cp", System.getProperty("java.class.path")));
        command.addAll(command.size() - 2, jvmOptions);
        command.addAll(List.of(ServerMain.class.getName(), config.toString()));
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Process p = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                    Files.writeString(log, line + "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                            java.nio.file.StandardOpenOption.APPEND);
                }
            } catch (IOException ignored) {
                // the process is gone
            }
        }, "server-" + name + "-output");
        reader.setDaemon(true);
        reader.start();
        if (awaitReady) {
            awaitReady(Duration.ofSeconds(60));
        }
    }

    void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            String line = left > 0 ? lines.poll(left, TimeUnit.NANOSECONDS) : null;
            if (line == null) {
                throw new AssertionError("server " + name + " was not ready within " + timeout + (process.isAlive() ? "" : "; it exited")
                        + "; see " + log);
            }
            if (line.startsWith("READY ")) {
                return;
            }
        }
    }

    /** Appends the process's thread dump ({@code jcmd PID Thread.print}) to its log, for a test that found it stuck. */
    void dumpThreads() {
        if (process == null || !process.isAlive()) {
            return;
        }
        try {
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(process.pid()), "Thread.print").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            jcmd.waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            System.out.println("no thread dump of " + name + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no flush; the kernel closes the sockets. */
    void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    String endpoint() {
        return port + "@127.0.0.1";
    }

    Path dataDirectory() {
        return config.resolveSibling("data-" + name);
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
