package io.licman.it.docs;

import io.licman.cli.CliEnvironment;
import io.licman.cli.LicmanCommand;
import io.licman.it.docs.ShellLexer.Word;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One sandbox of the docs tests: a temporary directory standing in for the reader's working
 * directory (absolute paths go under its {@code root/}), its environment variables, and the
 * servers and checkouts its commands started. Runs documented command lines the way the
 * conventions in {@code docs/CONTRIBUTING-docs.md} describe.
 */
final class DocSession implements AutoCloseable {

    /** Thrown when a documented command does not do what the documentation says. */
    static final class DocFailure extends Exception {
        DocFailure(String message) {
            super(message);
        }
    }

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern EXIT_STATUS = Pattern.compile("\\bexit status (\\d+)\\b");
    private static final Pattern LISTENING = Pattern.compile("listening on port (\\d+) \\(admin token in (.+)\\)");
    private static final Set<String> UTILITIES = Set.of("mkdir", "cp", "mv", "rm", "cat", "echo", "ls", "chmod", "touch", "cd", "curl");

    private final String name;
    private final Path dir;
    private final Path root;
    private final DocsReport report;
    private final Deadline deadline;
    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<Invocation> servers = new ArrayList<>();
    private final List<Invocation> held = new ArrayList<>();
    private Path cwd;

    /** A licman command running in this JVM. */
    private record Invocation(String what, Thread thread, Capture out, Capture err, CompletableFuture<Integer> result, int port,
                              Path data, Path token) {
        Invocation withServer(int port, Path data, Path token) {
            return new Invocation(what, thread, out, err, result, port, data, token);
        }
    }

    /** The overall time limit of the docs tests. */
    record Deadline(long nanos) {
        static Deadline in(Duration d) {
            return new Deadline(System.nanoTime() + d.toNanos());
        }

        Duration cap(Duration wanted) {
            long left = Math.max(0, nanos - System.nanoTime());
            return wanted.toNanos() < left ? wanted : Duration.ofNanos(left);
        }

        boolean passed() {
            return System.nanoTime() > nanos;
        }
    }

    DocSession(String name, Path dir, DocsReport report, Deadline deadline) throws IOException {
        this.name = name;
        this.dir = Files.createDirectories(dir);
        this.root = Files.createDirectories(dir.resolve("root"));
        this.cwd = dir;
        this.report = report;
        this.deadline = deadline;
        env.put("USER", System.getProperty("user.name"));
        env.put("HOME", Files.createDirectories(dir.resolve("home")).toString());
        env.put("LICMAN_DATA", dir.resolve("home/.licman/data").toString());
    }

    String name() {
        return name;
    }

    // ------------------------------------------------------------------ files

    /** A path as a command in the sandbox sees it: absolute paths are placed under {@code root/}. */
    String map(String word) {
        if (word.startsWith("/")) {
            return root.resolve(word.substring(1)).toString();
        }
        Matcher option = Pattern.compile("^(--?[A-Za-z0-9-]+=|@)(/.*)$").matcher(word);
        if (option.matches()) {
            return option.group(1) + map(option.group(2));
        }
        return word;
    }

    /** A path argument resolved in the sandbox; refuses anything outside it. */
    Path path(String word) throws DocFailure {
        Path p = cwd.resolve(map(word)).normalize();
        if (!p.startsWith(dir)) {
            throw new DocFailure("'" + word + "' is outside the sandbox");
        }
        return p;
    }

    void writeFile(String source, String target, String content) throws DocFailure {
        Path file = path(target);
        String text = content.replaceAll("(?m)(?<=[\\s=])/(?=(etc|var|opt)/)", root.toString().replace("\\", "\\\\") + "/");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DocFailure(source + ": cannot write " + target + ": " + e.getMessage());
        }
        report.add(source, "file", target);
    }

    void copy(String source, Path from, String target) throws DocFailure {
        Path to = path(target);
        try {
            Files.createDirectories(to.getParent());
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
        } catch (IOException e) {
            throw new DocFailure(source + ": cannot copy " + from + ": " + e.getMessage());
        }
        report.add(source, "copy", from.getFileName() + " -> " + target);
    }

    // ------------------------------------------------------------------ command lines

    /** Runs one logical command line; throws when it does not do what the documentation says. */
    void run(MarkdownDoc.Line line, boolean hidden, String runAs) throws DocFailure {
        if (deadline.passed()) {
            throw new DocFailure(line.source() + ": the docs tests ran out of time before this line");
        }
        ShellLexer.Scan scan = ShellLexer.scan(line.text());
        Matcher expected = EXIT_STATUS.matcher(scan.comment());
        int expectedExit = expected.find() ? Integer.parseInt(expected.group(1)) : 0;
        String label = hidden ? "hidden " : "";
        if (!scan.unsupported().isEmpty()) {
            Classified first = classify(ShellLexer.words(scan.commands().get(0), ShellLexer.DRY));
            if (first.notRun().isPresent() && !first.notRun().get().equals("UNKNOWN")) {
                report.add(line.source(), "not run: " + first.program() + " (" + first.notRun().get() + ")", line.text());
                return;
            }
            throw new DocFailure(line.source() + ": '" + line.text() + "' uses " + String.join(", ", scan.unsupported())
                    + ", which the docs tests do not run; split it into simple commands joined by && (docs/CONTRIBUTING-docs.md)");
        }
        for (int i = 0; i < scan.commands().size(); i++) {
            String command = scan.commands().get(i);
            int want = i == scan.commands().size() - 1 ? expectedExit : 0;
            runCommand(line.source(), label, command, want, runAs);
        }
    }

    private record Classified(String program, boolean sudo, Optional<String> notRun, int programIndex) {
    }

    /** Finds the program of a command: after variable assignments and {@code sudo [-u USER]}. */
    private static Classified classify(List<Word> words) {
        int i = 0;
        while (i < words.size() && isAssignment(words.get(i).text())) {
            i++;
        }
        if (i < words.size() && words.get(i).text().equals("export")) {
            i++;
            while (i < words.size() && isAssignment(words.get(i).text())) {
                i++;
            }
        }
        boolean sudo = false;
        if (i < words.size() && words.get(i).text().equals("sudo")) {
            sudo = true;
            i++;
            while (i < words.size() && words.get(i).text().startsWith("-")) {
                String option = words.get(i).text();
                i += option.equals("-u") || option.equals("-g") ? 2 : 1;
            }
        }
        if (i >= words.size()) {
            return new Classified("", sudo, Optional.empty(), i);
        }
        String program = words.get(i).text();
        Optional<String> notRun = NotRunHere.reason(program, sudo);
        if (notRun.isEmpty() && !NotRunHere.Launchers.isLicman(program) && !UTILITIES.contains(program)) {
            notRun = Optional.of("UNKNOWN");
        }
        return new Classified(program, sudo, notRun, i);
    }

    private static boolean isAssignment(String word) {
        return word.matches("[A-Za-z_][A-Za-z0-9_]*=.*");
    }

    private void runCommand(String source, String label, String command, int expectedExit, String runAs) throws DocFailure {
        Classified c = classify(ShellLexer.words(command, ShellLexer.DRY));
        if (c.notRun().isPresent()) {
            if (c.notRun().get().equals("UNKNOWN")) {
                throw new DocFailure(source + ": '" + c.program() + "' is neither run by the docs tests nor listed in NotRunHere "
                        + "with a reason (in: " + command + "); add it there, or mark the block <!-- docs-test: skip REASON -->");
            }
            report.add(source, "not run: " + c.program() + " (" + c.notRun().get() + ")", command);
            return;
        }
        Map<String, String> commandEnv = new HashMap<>();
        List<Word> words;
        try {
            words = ShellLexer.words(command, expander(commandEnv));
        } catch (IllegalArgumentException e) {
            throw new DocFailure(source + ": " + e.getMessage());
        }
        int i = 0;
        boolean export = false;
        if (!words.isEmpty() && words.get(0).text().equals("export")) {
            export = true;
            i++;
        }
        while (i < words.size() && isAssignment(words.get(i).text()) && !words.get(i).operator()) {
            String w = words.get(i).text();
            int eq = w.indexOf('=');
            commandEnv.put(w.substring(0, eq), map(w.substring(eq + 1)));
            i++;
        }
        if (i >= words.size()) {
            env.putAll(commandEnv);
            report.add(source, label + "set", command);
            return;
        }
        if (export) {
            throw new DocFailure(source + ": only 'export NAME=VALUE' is understood, not: " + command);
        }
        i = c.programIndex();
        List<Word> rest = words.subList(i, words.size());
        String program = rest.get(0).text();
        List<String> args = new ArrayList<>();
        String redirect = null;
        boolean append = false;
        for (int j = 1; j < rest.size(); j++) {
            Word w = rest.get(j);
            if (w.operator()) {
                if (j + 1 >= rest.size()) {
                    throw new DocFailure(source + ": '" + w.text() + "' needs a file: " + command);
                }
                redirect = rest.get(++j).text();
                append = w.text().equals(">>");
            } else {
                args.add(w.text());
            }
        }
        Map<String, String> fullEnv = new LinkedHashMap<>(env);
        fullEnv.putAll(commandEnv);
        long started = System.nanoTime();
        Result result;
        if (NotRunHere.Launchers.isLicman(program)) {
            result = licman(source, args, fullEnv, runAs);
        } else {
            result = utility(source, program, args, fullEnv);
        }
        if (result.held()) {
            report.add(source, label + result.outcome(), command);
            return;
        }
        if (redirect != null) {
            Path target = path(redirect);
            try {
                Files.createDirectories(target.getParent());
                if (append) {
                    Files.writeString(target, result.out(), StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                            java.nio.file.StandardOpenOption.APPEND);
                } else {
                    Files.writeString(target, result.out(), StandardCharsets.UTF_8);
                }
            } catch (IOException e) {
                throw new DocFailure(source + ": cannot write " + redirect + ": " + e.getMessage());
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        if (result.exit() != expectedExit) {
            report.add(source, "FAILED: exit " + result.exit(), command);
            throw new DocFailure(source + ": `" + command + "` exited with status " + result.exit() + ", expected " + expectedExit
                    + (expectedExit == 0 ? "" : " (from the comment 'exit status " + expectedExit + "')")
                    + "\n--- stdout:\n" + tail(result.out()) + "\n--- stderr:\n" + tail(result.err()));
        }
        report.add(source, String.format(Locale.ROOT, "%sran: exit %d (%.1f s)", label, result.exit(), seconds), command);
    }

    private static String tail(String text) {
        return text.length() <= 3000 ? text : "..." + text.substring(text.length() - 3000);
    }

    private record Result(int exit, String out, String err, boolean held, String outcome) {
        static Result done(int exit, String out, String err) {
            return new Result(exit, out, err, false, "");
        }

        static Result held(String outcome) {
            return new Result(0, "", "", true, outcome);
        }
    }

    private ShellLexer.Expander expander(Map<String, String> commandEnv) {
        return new ShellLexer.Expander() {
            @Override
            public String variable(String variable) {
                String value = commandEnv.containsKey(variable) ? commandEnv.get(variable) : env.get(variable);
                if (value == null) {
                    throw new IllegalArgumentException("$" + variable + " is not set (set it in the documentation, or in a hidden "
                            + "<!-- docs-test: run --> block)");
                }
                return value;
            }

            @Override
            public String command(String text) {
                List<String> w = new ArrayList<>(ShellLexer.words(text, this).stream().map(Word::text).toList());
                if (!w.isEmpty() && w.get(0).equals("sudo")) {
                    w.remove(0);
                }
                if (w.size() == 2 && w.get(0).equals("cat")) {
                    try {
                        return Files.readString(path(w.get(1)), StandardCharsets.UTF_8).strip();
                    } catch (IOException | DocFailure e) {
                        throw new IllegalArgumentException("$(" + text + "): " + e.getMessage());
                    }
                }
                if (w.equals(List.of("date", "+%F"))) {
                    return LocalDate.now(ZoneOffset.UTC).toString();
                }
                if (!w.isEmpty() && NotRunHere.Launchers.isLicman(w.get(0))) {
                    Map<String, String> all = new LinkedHashMap<>(env);
                    all.putAll(commandEnv);
                    try {
                        Result r = foreground(w.subList(1, w.size()).stream().map(DocSession.this::map).toList(), all);
                        if (r.exit() != 0) {
                            throw new IllegalArgumentException("$(" + text + ") exited with status " + r.exit() + ": " + r.err());
                        }
                        return r.out().strip();
                    } catch (DocFailure e) {
                        throw new IllegalArgumentException("$(" + text + "): " + e.getMessage());
                    }
                }
                throw new IllegalArgumentException("$(" + text + ") is not understood by the docs tests (only $(cat FILE), "
                        + "$(date +%F) and $(licman ...))");
            }
        };
    }

    // ------------------------------------------------------------------ licman

    /** The server the session's commands talk to: the last one started that still runs. */
    private Optional<Invocation> currentServer() {
        servers.removeIf(s -> s.result().isDone());
        return servers.isEmpty() ? Optional.empty() : Optional.of(servers.get(servers.size() - 1));
    }

    private Result licman(String source, List<String> given, Map<String, String> commandEnv, String runAs) throws DocFailure {
        List<String> args = new ArrayList<>();
        String sub = null;
        boolean afterDashes = false;
        for (String a : given) {
            if (sub == null && !a.startsWith("-")) {
                sub = a;
            }
            args.add(afterDashes ? a : map(a));
            if (a.equals("--") && "run".equals(sub)) {
                afterDashes = true;
            }
        }
        Optional<Invocation> server = currentServer();
        server.ifPresent(s -> {
            rewriteServerOption(args, s.port());
            if (commandEnv.containsKey("LICMAN_SERVER")) {
                commandEnv.put("LICMAN_SERVER", s.port() + "@127.0.0.1");
            }
        });
        String previousUser = System.getProperty("user.name");
        if (runAs != null) {
            System.setProperty("user.name", runAs);
        }
        try {
            if (sub == null) {
                return foreground(args, commandEnv);
            }
            return switch (sub) {
                case "server" -> startServer(source, serverArgs(args), commandEnv);
                case "demo" -> args.contains("--prepare-only") ? foreground(args, commandEnv) : demo(source, args, commandEnv);
                case "checkout" -> checkout(source, args, commandEnv);
                case "run" -> subprocess(args, commandEnv);
                case "discover" -> foreground(discoverArgs(source, args, server), commandEnv);
                case "shutdown" -> {
                    Result r = foreground(args, commandEnv);
                    awaitStopped();
                    yield r;
                }
                default -> foreground(args, commandEnv);
            };
        } finally {
            if (runAs != null) {
                System.setProperty("user.name", previousUser);
            }
            Invocation now = currentServer().orElse(null);
            env.put("LICMAN_DATA", now != null ? now.data().toString() : dir.resolve("home/.licman/data").toString());
        }
    }

    private static void rewriteServerOption(List<String> args, int port) {
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--server") && i + 1 < args.size()) {
                args.set(i + 1, port + "@127.0.0.1");
            } else if (args.get(i).startsWith("--server=")) {
                args.set(i, "--server=" + port + "@127.0.0.1");
            }
        }
    }

    /** A server listens on a free port of 127.0.0.1 only, whatever the documentation says. */
    private static List<String> serverArgs(List<String> args) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--port") || a.equals("--bind")) {
                i++;
            } else if (!a.startsWith("--port=") && !a.startsWith("--bind=")) {
                out.add(a);
            }
        }
        out.addAll(List.of("--port", "0", "--bind", "127.0.0.1"));
        return out;
    }

    private List<String> discoverArgs(String source, List<String> args, Optional<Invocation> server) throws DocFailure {
        if (args.stream().anyMatch(a -> a.equals("--host") || a.startsWith("--host="))) {
            return args;
        }
        if (server.isEmpty()) {
            throw new DocFailure(source + ": 'licman discover' broadcasts; the docs tests ask the session's server instead, "
                    + "but no server runs here");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--port")) {
                i++;
            } else if (!args.get(i).startsWith("--port=")) {
                out.add(args.get(i));
            }
        }
        out.addAll(List.of("--host", "127.0.0.1", "--port", String.valueOf(server.get().port())));
        return out;
    }

    private Invocation start(String what, List<String> args, Map<String, String> commandEnv) {
        Capture out = new Capture();
        Capture err = new Capture();
        CliEnvironment environment = new CliEnvironment(out.printer(), err.printer(), Clock.systemUTC(), cwd, Map.copyOf(commandEnv));
        CompletableFuture<Integer> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                result.complete(LicmanCommand.run(environment, args.toArray(String[]::new)));
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, "docs-licman-" + what);
        thread.setDaemon(true);
        thread.start();
        return new Invocation(what, thread, out, err, result, 0, null, null);
    }

    private Result foreground(List<String> args, Map<String, String> commandEnv) throws DocFailure {
        Invocation run = start(args.isEmpty() ? "licman" : args.get(0), args, commandEnv);
        return finish(run, COMMAND_TIMEOUT, String.join(" ", args));
    }

    private Result finish(Invocation run, Duration timeout, String what) throws DocFailure {
        try {
            Duration limit = deadline.cap(timeout);
            int exit = run.result().get(limit.toMillis(), TimeUnit.MILLISECONDS);
            return Result.done(exit, run.out().text(), run.err().text());
        } catch (TimeoutException e) {
            run.thread().interrupt();
            throw new DocFailure("`licman " + what + "` did not finish within " + timeout.toSeconds() + " s\n--- stdout:\n"
                    + run.out().tail(2000) + "\n--- stderr:\n" + run.err().tail(2000));
        } catch (ExecutionException e) {
            throw new DocFailure("`licman " + what + "` threw " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DocFailure("interrupted");
        }
    }

    private Result startServer(String source, List<String> args, Map<String, String> commandEnv) throws DocFailure {
        Invocation run = start("server", args, commandEnv);
        long until = System.nanoTime() + deadline.cap(START_TIMEOUT).toNanos();
        while (System.nanoTime() < until) {
            Matcher m = LISTENING.matcher(run.out().text());
            if (m.find()) {
                Path token = Path.of(m.group(2).strip());
                Invocation server = run.withServer(Integer.parseInt(m.group(1)), token.getParent(), token);
                servers.add(server);
                return Result.held("served on 127.0.0.1:" + server.port());
            }
            if (run.result().isDone()) {
                return finish(run, COMMAND_TIMEOUT, String.join(" ", args));
            }
            sleep(20);
        }
        throw new DocFailure(source + ": the server did not start within " + START_TIMEOUT.toSeconds() + " s\n--- stdout:\n"
                + run.out().tail(2000) + "\n--- stderr:\n" + run.err().tail(2000));
    }

    /** {@code licman demo}: its files, and a server on them as the demo runs it, on 127.0.0.1 and a free port. */
    private Result demo(String source, List<String> args, Map<String, String> commandEnv) throws DocFailure {
        String demoDir = ".licman-demo";
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--dir") && i + 1 < args.size()) {
                demoDir = args.get(i + 1);
            } else if (args.get(i).startsWith("--dir=")) {
                demoDir = args.get(i).substring("--dir=".length());
            }
        }
        Result prepared = foreground(List.of("demo", "--prepare-only", "--dir", demoDir), commandEnv);
        if (prepared.exit() != 0) {
            return prepared;
        }
        return startServer(source, List.of("server", "--license", demoDir + "/demo.lic", "--trust", demoDir + "/trust",
                "--options", demoDir + "/demo.opt", "--data", demoDir + "/data", "--server-id", "demo", "--port", "0",
                "--bind", "127.0.0.1"), commandEnv);
    }

    private Result checkout(String source, List<String> args, Map<String, String> commandEnv) throws DocFailure {
        Invocation run = start("checkout", args, commandEnv);
        long until = System.nanoTime() + deadline.cap(COMMAND_TIMEOUT).toNanos();
        while (System.nanoTime() < until) {
            if (run.out().text().contains("holding ")) {
                held.add(run);
                return Result.held("held until the session ends");
            }
            if (run.result().isDone()) {
                return finish(run, COMMAND_TIMEOUT, String.join(" ", args));
            }
            sleep(20);
        }
        run.thread().interrupt();
        throw new DocFailure(source + ": `licman " + String.join(" ", args) + "` neither held a seat nor ended within "
                + COMMAND_TIMEOUT.toSeconds() + " s\n--- stdout:\n" + run.out().tail(2000) + "\n--- stderr:\n" + run.err().tail(2000));
    }

    /** {@code licman run} starts a program in its working directory, so it runs as a process of its own. */
    private Result subprocess(List<String> args, Map<String, String> commandEnv) throws DocFailure {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx128m");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("-Duser.name=" + System.getProperty("user.name"));
        command.add(LicmanCommand.class.getName());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(cwd.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("LICMAN_") || k.equals("LM_PROJECT"));
        builder.environment().putAll(commandEnv);
        try {
            Path out = Files.createTempFile(dir, ".run", ".out");
            Path err = Files.createTempFile(dir, ".run", ".err");
            builder.redirectOutput(out.toFile()).redirectError(err.toFile());
            Process process = builder.start();
            Duration limit = deadline.cap(Duration.ofSeconds(60));
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new DocFailure("`licman " + String.join(" ", args) + "` did not finish within " + limit.toSeconds() + " s");
            }
            return Result.done(process.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new DocFailure("cannot start `licman " + String.join(" ", args) + "`: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DocFailure("interrupted");
        }
    }

    private void awaitStopped() {
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < until && servers.stream().noneMatch(s -> s.result().isDone())) {
            sleep(20);
        }
        currentServer();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ other commands

    private Result utility(String source, String program, List<String> args, Map<String, String> commandEnv) throws DocFailure {
        StringBuilder out = new StringBuilder();
        List<String> operands = args.stream().filter(a -> !a.startsWith("-") || a.equals("-")).toList();
        try {
            switch (program) {
                case "cd" -> {
                    Path target = operands.isEmpty() ? dir : path(operands.get(0));
                    if (!Files.isDirectory(target)) {
                        return Result.done(1, "", "cd: " + operands.get(0) + ": no such directory");
                    }
                    cwd = target;
                }
                case "mkdir" -> {
                    for (String p : operands) {
                        Files.createDirectories(path(p));
                    }
                }
                case "touch" -> {
                    for (String p : operands) {
                        Path file = path(p);
                        if (!Files.exists(file)) {
                            Files.createFile(file);
                        }
                    }
                }
                case "cp", "mv" -> {
                    if (operands.size() < 2) {
                        return Result.done(1, "", program + ": expected SOURCE... TARGET");
                    }
                    Path target = path(operands.get(operands.size() - 1));
                    for (String s : operands.subList(0, operands.size() - 1)) {
                        Path from = path(s);
                        Path to = Files.isDirectory(target) ? target.resolve(from.getFileName()) : target;
                        if (!Files.exists(from)) {
                            return Result.done(1, "", program + ": " + s + ": no such file");
                        }
                        if (program.equals("mv")) {
                            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
                        } else {
                            copyTree(from, to);
                        }
                    }
                }
                case "rm" -> {
                    for (String p : operands) {
                        deleteTree(path(p));
                    }
                }
                case "cat" -> {
                    for (String p : operands) {
                        out.append(Files.readString(path(p), StandardCharsets.UTF_8));
                    }
                }
                case "echo" -> out.append(String.join(" ", args)).append('\n');
                case "ls" -> {
                    for (String p : operands.isEmpty() ? List.of(".") : operands) {
                        Path target = path(p);
                        if (!Files.exists(target)) {
                            return Result.done(2, out.toString(), "ls: " + p + ": no such file or directory");
                        }
                        if (Files.isDirectory(target)) {
                            try (Stream<Path> list = Files.list(target)) {
                                list.map(x -> x.getFileName().toString()).sorted().forEach(n -> out.append(n).append('\n'));
                            }
                        } else {
                            out.append(p).append('\n');
                        }
                    }
                }
                case "chmod" -> {
                    if (operands.size() < 2) {
                        return Result.done(1, "", "chmod: expected MODE FILE...");
                    }
                    for (String p : operands.subList(1, operands.size())) {
                        chmod(path(p), operands.get(0));
                    }
                }
                case "curl" -> {
                    return curl(source, args);
                }
                default -> throw new DocFailure(source + ": " + program + " is not run by the docs tests");
            }
        } catch (IOException e) {
            return Result.done(1, out.toString(), program + ": " + e);
        }
        return Result.done(0, out.toString(), "");
    }

    private static void copyTree(Path from, Path to) throws IOException {
        if (!Files.isDirectory(from)) {
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
            return;
        }
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(d).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                Files.copy(f, to.resolve(from.relativize(f).toString()), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path x : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }

    private static void chmod(Path file, String mode) throws IOException {
        Set<PosixFilePermission> perms;
        if (mode.matches("[0-7]{3,4}")) {
            String m = mode.substring(mode.length() - 3);
            StringBuilder text = new StringBuilder();
            for (char c : m.toCharArray()) {
                int v = c - '0';
                text.append((v & 4) != 0 ? 'r' : '-').append((v & 2) != 0 ? 'w' : '-').append((v & 1) != 0 ? 'x' : '-');
            }
            perms = PosixFilePermissions.fromString(text.toString());
        } else if (mode.equals("+x") || mode.equals("a+x") || mode.equals("u+x")) {
            perms = EnumSet.copyOf(Files.getPosixFilePermissions(file));
            perms.add(PosixFilePermission.OWNER_EXECUTE);
        } else {
            throw new IOException("mode " + mode + " is not understood by the docs tests");
        }
        Files.setPosixFilePermissions(file, perms);
    }

    /** curl against the session's server: any host on port 1384 means it; HTTP 400 and above fail like curl -f. */
    private Result curl(String source, List<String> args) throws DocFailure {
        String method = null;
        String data = null;
        String url = null;
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "-s", "-S", "-sS", "-f", "-fsS", "-sf", "--silent", "--fail", "--show-error" -> {
                }
                case "-X", "--request" -> method = args.get(++i);
                case "-d", "--data" -> data = args.get(++i);
                case "-H", "--header" -> {
                    String h = args.get(++i);
                    int colon = h.indexOf(':');
                    headers.put(h.substring(0, colon).strip(), h.substring(colon + 1).strip());
                }
                default -> {
                    if (a.startsWith("-")) {
                        throw new DocFailure(source + ": curl option " + a + " is not understood by the docs tests");
                    }
                    url = a;
                }
            }
        }
        if (url == null) {
            throw new DocFailure(source + ": curl without a URL");
        }
        Invocation server = currentServer().orElseThrow(() -> new DocFailure(source + ": curl " + args + ", but no server runs here"));
        URI given = URI.create(url.contains("://") ? url : "http://" + url);
        if (given.getPort() != 1384 && given.getPort() != -1) {
            throw new DocFailure(source + ": the docs tests send curl to port 1384 only: " + url);
        }
        URI uri = URI.create("http://127.0.0.1:" + server.port() + given.getRawPath() + (given.getRawQuery() == null ? "" : "?" + given.getRawQuery()));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
        headers.forEach(request::header);
        String m = method != null ? method : data != null ? "POST" : "GET";
        request.method(m, data == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(data));
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
            return Result.done(response.statusCode() >= 400 ? 22 : 0, response.body(), response.statusCode() >= 400
                    ? "curl: (22) The requested URL returned error: " + response.statusCode() : "");
        } catch (IOException e) {
            return Result.done(7, "", "curl: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DocFailure("interrupted");
        }
    }

    // ------------------------------------------------------------------ the end

    /** Returns held seats, stops the servers of this session. */
    @Override
    public void close() {
        for (Invocation h : held) {
            h.thread().interrupt();
        }
        for (Invocation h : held) {
            try {
                h.result().get(5, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // it was told to stop; its server is stopping too
            }
        }
        for (Invocation s : servers) {
            if (s.result().isDone()) {
                continue;
            }
            Capture out = new Capture();
            LicmanCommand.run(new CliEnvironment(out.printer(), out.printer(), Clock.systemUTC(), cwd, Map.of()), "shutdown",
                    "--server", s.port() + "@127.0.0.1", "--token", "@" + s.token());
        }
        for (Invocation s : servers) {
            try {
                s.result().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                s.thread().interrupt();
            }
        }
        servers.clear();
        held.clear();
    }
}
