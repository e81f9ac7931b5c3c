package io.licman.cli.vendor;

import io.licman.cli.CliEnvironment;
import io.licman.cli.ExitCodes;
import io.licman.cli.SafeFiles;
import io.licman.cli.UserError;
import io.licman.core.crypto.FeatureSigner;
import io.licman.core.crypto.KeyFileException;
import io.licman.core.crypto.VendorPrivateKey;
import io.licman.core.license.FeatureLicense;
import io.licman.core.license.LicenseFileWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code licman issue}: signs feature blocks with a vendor key. */
@Command(name = "issue", sortOptions = false,
        description = {"Issue signed license features. Give one feature with options, or many with --from SPEC.json.",
            "Prints the signed blocks, or writes them with --out."},
        footer = {"", "Example:",
            "  licman issue --key keys/acme.key --feature cad-pro --version 2.0 --count 10 --expires 2027-12-31 \\",
            "               --share user+host --borrow 72h --customer \"Example Corp\" --out example-corp.lic"})
public final class IssueCommand implements Callable<Integer> {

    private final CliEnvironment env;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--key", required = true, paramLabel = "FILE", description = "The vendor's private key file (from 'licman keygen').")
    Path keyFile;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--from", paramLabel = "SPEC.json", description = "Issue every feature of a JSON spec (see docs/license-format.md).")
        Path spec;

        @ArgGroup(exclusive = false)
        FeatureOptions feature;
    }

    @Option(names = "--out", paramLabel = "FILE", description = "Write the blocks to FILE instead of standard output.")
    Path out;

    @Option(names = "--append", description = "Append to --out instead of refusing to replace it.")
    boolean append;

    @Option(names = "--force", description = "Replace --out if it exists.")
    boolean force;

    public IssueCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        VendorPrivateKey key = readKey();
        LocalDate today = LocalDate.now(env.clock().withZone(ZoneOffset.UTC));
        List<Map<String, List<String>>> specs = source.spec != null
                ? IssueSpec.read(env.resolve(source.spec))
                : List.of(source.feature.toFields());
        FeatureSigner signer = new FeatureSigner(key);
        List<FeatureLicense> signed = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            Map<String, List<String>> fields = new LinkedHashMap<>(specs.get(i));
            fields.putIfAbsent("vendor", List.of(key.vendor()));
            fields.putIfAbsent("issued", List.of(today.toString()));
            String where = source.spec != null ? source.spec + ", feature #" + (i + 1) : "options";
            try {
                signed.add(signer.sign(IssueSpec.toFeature(fields, where)));
            } catch (IllegalArgumentException e) {
                throw new UserError(where + ": " + e.getMessage());
            }
        }
        String text = LicenseFileWriter.write(signed);
        if (out == null) {
            env.out().print(text);
            env.out().flush();
        } else {
            write(env.resolve(out), text);
            env.err().println("issued " + signed.size() + " feature" + (signed.size() == 1 ? "" : "s") + " signed with key "
                    + key.keyId() + " to " + out);
        }
        return ExitCodes.OK;
    }

    private VendorPrivateKey readKey() {
        try {
            return VendorPrivateKey.read(env.resolve(keyFile));
        } catch (KeyFileException e) {
            throw new UserError(e.getMessage());
        }
    }

    private void write(Path file, String text) {
        if (append) {
            try {
                Files.writeString(file, Files.exists(file) ? "\n" + text : text, StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UserError("cannot append to " + file + ": " + e.getMessage());
            }
        } else {
            SafeFiles.write(file, text, false, force);
        }
    }

    /** The fields of one feature given as options. */
    static final class FeatureOptions {
        @Option(names = "--feature", required = true, paramLabel = "NAME", description = "Feature name.")
        String name;
        @Option(names = "--version", required = true, paramLabel = "V", description = "Feature version, e.g. 2.0.")
        String version;
        @Option(names = "--count", required = true, paramLabel = "N", description = "Concurrent seats, or 'uncounted'.")
        String count;
        @Option(names = "--expires", required = true, paramLabel = "DATE", description = "Last valid day YYYY-MM-DD (UTC), or 'permanent'.")
        String expires;
        @Option(names = "--start", paramLabel = "DATE", description = "First valid day YYYY-MM-DD (default: valid at once).")
        String start;
        @Option(names = "--hostid", paramLabel = "ID", split = ",", description = "Bind to these host ids (from 'licman hostid'), e.g. machine-id:4c4c...")
        List<String> hostIds;
        @Option(names = "--bind", paramLabel = "SIDE", description = "With --hostid: 'server' (the license server must have the id) "
                + "or 'client' (node-locked). Default: client for uncounted, server for counted features.")
        String bind;
        @Option(names = "--share", paramLabel = "RULE", description = "Seat sharing: none (default), user, host, user+host.")
        String share;
        @Option(names = "--overdraft", paramLabel = "N", description = "Extra seats granted beyond the count, flagged in reports.")
        String overdraft;
        @Option(names = "--borrow", paramLabel = "DURATION", description = "Longest offline borrow, e.g. 72h or 14d (default: no borrowing).")
        String borrow;
        @Option(names = "--linger", paramLabel = "DURATION", description = "How long a returned seat stays with its user, e.g. 5m.")
        String linger;
        @Option(names = "--tokens", paramLabel = "N", description = "Seats one checkout costs (default 1).")
        String tokens;
        @Option(names = "--components", paramLabel = "NAME[:V[:N]]", split = ",", description = "Make this a package granting these features.")
        List<String> components;
        @Option(names = "--named-users", description = "Only users the administrator assigns may use the feature.")
        boolean namedUsers;
        @Option(names = "--customer", paramLabel = "TEXT", description = "Customer name.")
        String customer;
        @Option(names = "--serial", paramLabel = "TEXT", description = "Serial or order number.")
        String serial;
        @Option(names = "--issued", paramLabel = "DATE", description = "Issue date (default: today, UTC).")
        String issued;
        @Option(names = "--vendor-string", paramLabel = "TEXT", description = "Any text for the application to read.")
        String vendorString;
        @Option(names = "--note", paramLabel = "TEXT", description = "An unsigned note (_note) the site may edit.")
        String note;

        Map<String, List<String>> toFields() {
            Map<String, List<String>> f = new LinkedHashMap<>();
            f.put("feature", List.of(name));
            f.put("version", List.of(version));
            f.put("count", List.of(count));
            f.put("expires", List.of(expires));
            put(f, "start", start);
            if (hostIds != null && !hostIds.isEmpty()) {
                String side = bind != null ? bind : ("uncounted".equals(count) ? "client" : "server");
                List<String> words = new ArrayList<>();
                words.add(side);
                words.addAll(hostIds);
                f.put("host", words);
            } else if (bind != null) {
                throw new UserError("--bind needs --hostid: name the host ids to bind to");
            }
            put(f, "share", share);
            put(f, "overdraft", overdraft);
            put(f, "borrow", borrow);
            put(f, "linger", linger);
            put(f, "tokens", tokens);
            if (components != null) {
                f.put("components", components);
            }
            if (namedUsers) {
                f.put("named-users", List.of("yes"));
            }
            put(f, "customer", customer);
            put(f, "serial", serial);
            put(f, "issued", issued);
            put(f, "vendor-string", vendorString);
            put(f, "_note", note);
            return f;
        }

        private static void put(Map<String, List<String>> f, String key, String value) {
            if (value != null) {
                f.put(key, List.of(value));
            }
        }
    }
}
