package io.licman.it.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.licman.it.docs.DocSession.DocFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command shown in a {@code sh} block of the documentation runs, in a sandbox, and does
 * what the documentation says: {@code README.md}, {@code docs/*.md}, {@code examples/*}{@code /README.md}
 * and {@code licman-client/README.md}. Servers run in this JVM on 127.0.0.1 and free ports.
 * Conventions: {@code docs/CONTRIBUTING-docs.md}. The report of what ran and what did not is
 * printed after the run and written to {@code target/docs-commands.txt}.
 */
class DocsCommandsTest {

    /** All documentation files together must take at most this long. */
    static final Duration TIME_LIMIT = Duration.ofSeconds(90);

    static final DocsReport REPORT = new DocsReport();
    static final java.util.concurrent.atomic.AtomicInteger RUNS = new java.util.concurrent.atomic.AtomicInteger();
    static DocSession.Deadline deadline;
    static long startedNanos;

    @TempDir
    static Path sandboxes;

    @BeforeAll
    static void start() {
        startedNanos = System.nanoTime();
        deadline = DocSession.Deadline.in(TIME_LIMIT);
    }

    @AfterAll
    static void report() throws IOException {
        String text = REPORT.text();
        System.out.println(text);
        Path target = Path.of("target");
        if (Files.isDirectory(target)) {
            Files.writeString(target.resolve("docs-commands.txt"), text, StandardCharsets.UTF_8);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - startedNanos);
        assertThat(took).as("the docs tests must stay within %s", TIME_LIMIT).isLessThanOrEqualTo(TIME_LIMIT);
    }

    static Path repository() {
        Path here = Path.of("").toAbsolutePath();
        while (here != null && !(Files.isDirectory(here.resolve("docs")) && Files.exists(here.resolve("README.md"))
                && Files.isDirectory(here.resolve("licman-cli")))) {
            here = here.getParent();
        }
        if (here == null) {
            throw new IllegalStateException("cannot find the repository root above " + Path.of("").toAbsolutePath());
        }
        return here;
    }

    /** The documentation files, in the order they are run. */
    static List<Path> documents() throws IOException {
        Path repo = repository();
        List<Path> files = new ArrayList<>();
        files.add(repo.resolve("README.md"));
        try (Stream<Path> docs = Files.list(repo.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        try (Stream<Path> examples = Files.list(repo.resolve("examples"))) {
            examples.map(p -> p.resolve("README.md")).filter(Files::exists).sorted().forEach(files::add);
        }
        files.add(repo.resolve("licman-client/README.md"));
        return files;
    }

    @TestFactory
    Stream<DynamicTest> everyDocumentedCommandRuns() throws IOException {
        Path repo = repository();
        List<DynamicTest> tests = new ArrayList<>();
        for (Path file : documents()) {
            String name = repo.relativize(file).toString();
            tests.add(DynamicTest.dynamicTest(name, () -> runDocument(MarkdownDoc.read(file, name))));
        }
        return tests.stream();
    }

    /** Runs one document's steps in order; the first command that fails stops the document, as {@code set -e} would. */
    static void runDocument(MarkdownDoc doc) throws Exception {
        Map<String, DocSession> sessions = new LinkedHashMap<>();
        Path base = sandboxes.resolve("run-" + RUNS.incrementAndGet() + "-" + doc.name().replaceAll("[^A-Za-z0-9.-]", "_"));
        DocSession session = new DocSession("main", base.resolve("main"), REPORT, deadline);
        sessions.put("main", session);
        List<String> problems = new ArrayList<>();
        try {
            for (MarkdownDoc.Step step : doc.steps()) {
                if (step instanceof MarkdownDoc.Invalid invalid) {
                    problems.add(invalid.source() + ": " + invalid.message());
                } else if (step instanceof MarkdownDoc.Session s) {
                    DocSession existing = sessions.get(s.name());
                    if (existing == null) {
                        existing = new DocSession(s.name(), base.resolve(s.name()), REPORT, deadline);
                        sessions.put(s.name(), existing);
                    }
                    session = existing;
                } else if (step instanceof MarkdownDoc.Skipped skipped) {
                    skipped.lines().forEach(l -> REPORT.add(l.source(), "skipped: " + skipped.reason(), l.text()));
                } else if (step instanceof MarkdownDoc.WriteFile write) {
                    session.writeFile(write.source(), write.path(), write.content());
                } else if (step instanceof MarkdownDoc.Copy copy) {
                    session.copy(copy.source(), copy.from(), copy.to());
                } else if (step instanceof MarkdownDoc.Commands commands) {
                    for (MarkdownDoc.Line line : commands.lines()) {
                        session.run(line, commands.hidden(), commands.runAs());
                    }
                }
                if (!problems.isEmpty()) {
                    break;
                }
            }
        } catch (DocFailure failure) {
            problems.add(failure.getMessage());
        } finally {
            sessions.values().forEach(DocSession::close);
        }
        assertThat(problems).as("documented commands of %s that do not work", doc.name()).isEmpty();
    }

    /** Commands quoted inline in prose and tables name commands and options that exist. */
    @Test
    void inlineCommandsNameRealCommandsAndOptions() throws IOException {
        Path repo = repository();
        List<String> problems = new ArrayList<>();
        for (Path file : documents()) {
            problems.addAll(InlineCommands.check(file, repo.relativize(file).toString()));
        }
        assertThat(problems).as("inline licman commands that the licman command would not accept").isEmpty();
    }

    /** The harness's own rules, on a small document, so that a broken harness cannot pass every document. */
    @Test
    void harnessRunsCommandsChecksExitStatusesAndRefusesUnlistedPrograms() throws Exception {
        Path doc = Files.createDirectories(sandboxes.resolve("self-test")).resolve("self-test.md");
        Files.writeString(doc, """
                ```sh
                licman keygen --vendor acme --out keys && licman issue --key keys/acme.key --feature f --version 1.0 \\
                    --count 1 --expires permanent --out f.lic
                licman verify --trust keys f.lic
                licman verify --trust keys missing.lic     # exit status 1: nothing to verify
                mvn verify
                ```
                """);
        runDocument(MarkdownDoc.read(doc, "self-test.md"));

        Files.writeString(doc, "```sh\nlicman verify --trust keys missing.lic\n```\n");
        assertThatFails(doc, "expected 0");

        Files.writeString(doc, "```sh\nmake install\n```\n");
        assertThatFails(doc, "'make' is neither run by the docs tests nor listed in NotRunHere");

        Files.writeString(doc, "<!-- docs-test: skip -->\n```sh\nlicman --version\n```\n");
        assertThatFails(doc, "needs a reason");

        Files.writeString(doc, "```bash\nlicman --version\n```\n");
        assertThatFails(doc, "would not be run");
    }

    private static void assertThatFails(Path doc, String message) {
        try {
            runDocument(MarkdownDoc.read(doc, "self-test.md"));
        } catch (AssertionError | Exception e) {
            assertThat(e.getMessage()).contains(message);
            return;
        }
        throw new AssertionError("expected the document to fail with '" + message + "'");
    }
}
