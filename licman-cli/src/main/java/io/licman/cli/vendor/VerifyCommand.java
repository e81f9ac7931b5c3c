package io.licman.cli.vendor;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.licman.cli.CliEnvironment;
import io.licman.cli.ExitCodes;
import io.licman.cli.UserError;
import io.licman.core.crypto.FeatureVerifier;
import io.licman.core.crypto.KeyFileException;
import io.licman.core.crypto.TrustStore;
import io.licman.core.crypto.Verification;
import io.licman.core.hostid.HostId;
import io.licman.core.hostid.HostIds;
import io.licman.core.license.FeatureLicense;
import io.licman.core.license.LicenseFields;
import io.licman.core.license.LicenseFileReader;
import io.licman.core.license.LicenseProblem;
import io.licman.core.license.ParsedLicenseFile;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code licman verify}: checks license files against trusted vendor keys, one line per feature. */
@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Check every feature in license FILEs against the vendor public keys in the trust directory.",
            "Prints one line per feature: valid, or invalid with the reason. Exit status 0 only when all are valid."})
public final class VerifyCommand implements Callable<Integer> {

    private final CliEnvironment env;

    @Option(names = "--trust", required = true, paramLabel = "DIR", description = "Directory of trusted vendor .pub files.")
    Path trustDir;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "License files.")
    List<Path> files;

    @Option(names = "--hostid", paramLabel = "ID", split = ",",
            description = "Check server-bound features against these host ids instead of this machine's.")
    List<String> hostIds;

    @Option(names = "--no-host-check", description = "Do not check server host bindings.")
    boolean noHostCheck;

    @Option(names = "--at", paramLabel = "DATE", description = "Check validity on this day (YYYY-MM-DD) instead of now.")
    String at;

    @Option(names = "--json", description = "Print a JSON document for machines instead of lines.")
    boolean json;

    public VerifyCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() throws Exception {
        TrustStore trust;
        try {
            trust = TrustStore.load(env.resolve(trustDir));
        } catch (KeyFileException e) {
            throw new UserError(e.getMessage());
        }
        Instant now = at == null ? env.clock().instant() : parseDay(at);
        List<HostId> serverIds = noHostCheck ? null : hostIds();
        FeatureVerifier verifier = new FeatureVerifier(trust);

        List<Verification> results = new ArrayList<>();
        List<LicenseProblem> problems = new ArrayList<>();
        for (Path file : files) {
            ParsedLicenseFile parsed = LicenseFileReader.read(env.resolve(file));
            problems.addAll(parsed.problems());
            results.addAll(verifier.verifyAll(parsed.features(), now, serverIds));
        }
        long invalid = results.stream().filter(r -> !r.isValid()).count();
        if (json) {
            printJson(trust, results, problems);
        } else {
            trust.problems().forEach(p -> env.err().println("warning: trust directory: " + p));
            results.forEach(r -> env.out().println(line(r)));
            problems.forEach(p -> env.out().println("error    " + p));
            env.out().println(results.size() - invalid + " valid, " + invalid + " invalid, " + problems.size() + " unreadable");
        }
        env.out().flush();
        return invalid == 0 && problems.isEmpty() && !results.isEmpty() ? ExitCodes.OK : ExitCodes.NEGATIVE;
    }

    private List<HostId> hostIds() {
        if (hostIds == null) {
            return HostIds.ofThisMachine();
        }
        try {
            return hostIds.stream().map(HostId::parse).toList();
        } catch (IllegalArgumentException e) {
            throw new UserError("--hostid: " + e.getMessage());
        }
    }

    private static Instant parseDay(String day) {
        try {
            return LicenseFields.date(day).atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(12 * 3600);
        } catch (IllegalArgumentException e) {
            throw new UserError("--at: " + e.getMessage());
        }
    }

    private static String line(Verification r) {
        FeatureLicense f = r.feature();
        String summary = String.format("%-8s %-32s %-6s %s", r.isValid() ? "valid" : "INVALID", f.vendor() + "/" + f.name(), f.version(),
                f.seats().uncounted() ? "uncounted" : f.seats().count() + " seats");
        String expiry = f.expires().map(d -> "expires " + d).orElse("permanent");
        return r.isValid()
                ? summary + ", " + expiry + "  (" + f.source() + ")"
                : summary + "  " + r.status() + ": " + r.detail() + "  (" + f.source() + ")";
    }

    private void printJson(TrustStore trust, List<Verification> results, List<LicenseProblem> problems) throws Exception {
        List<Map<String, Object>> features = new ArrayList<>();
        for (Verification r : results) {
            FeatureLicense f = r.feature();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("vendor", f.vendor());
            m.put("feature", f.name());
            m.put("version", f.version().toString());
            m.put("count", f.seats().uncounted() ? null : f.seats().count());
            m.put("uncounted", f.seats().uncounted());
            m.put("expires", f.expires().map(Object::toString).orElse("permanent"));
            m.put("serial", f.serial().orElse(null));
            m.put("keyId", f.signature().map(s -> s.keyId()).orElse(null));
            m.put("valid", r.isValid());
            m.put("status", r.status().name());
            m.put("reason", r.isValid() ? null : r.detail());
            m.put("file", f.source().file());
            m.put("line", f.source().line());
            features.add(m);
        }
        List<Map<String, Object>> errors = new ArrayList<>();
        for (LicenseProblem p : problems) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("file", p.location().file());
            m.put("line", p.location().line());
            m.put("feature", p.feature());
            m.put("field", p.field());
            m.put("message", p.message());
            errors.add(m);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("valid", results.stream().allMatch(Verification::isValid) && problems.isEmpty() && !results.isEmpty());
        doc.put("features", features);
        doc.put("errors", errors);
        doc.put("trustWarnings", trust.problems());
        env.out().println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc));
    }
}
