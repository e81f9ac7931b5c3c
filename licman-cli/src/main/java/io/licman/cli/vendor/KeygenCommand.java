package io.licman.cli.vendor;

import io.licman.cli.CliEnvironment;
import io.licman.cli.ExitCodes;
import io.licman.cli.SafeFiles;
import io.licman.cli.UserError;
import io.licman.core.crypto.VendorPrivateKey;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code licman keygen}: creates a vendor's Ed25519 signing key and its public half. */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = {"Create a vendor signing key: VENDOR.key (private, mode 0600) and VENDOR.pub (public).",
            "Keep the .key file on the license desk; give the .pub file to sites and embed it in your application."})
public final class KeygenCommand implements Callable<Integer> {

    private final CliEnvironment env;

    @Option(names = "--vendor", required = true, description = "Vendor name: lower-case letters, digits, '.', '_' or '-'.")
    String vendor;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to write the key files to.")
    Path out;

    @Option(names = "--key-id", paramLabel = "ID", description = "Key id to put in signatures (default: VENDOR-<8 hex digits of the key>).")
    String keyId;

    @Option(names = "--name", paramLabel = "NAME", description = "File name stem (default: the vendor name); use another one when rotating keys.")
    String name;

    @Option(names = "--force", description = "Replace existing key files. The old key is lost: licenses it signed need its .pub file to verify.")
    boolean force;

    public KeygenCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        VendorPrivateKey key;
        try {
            key = VendorPrivateKey.generate(vendor, keyId);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        String stem = name == null ? vendor : name;
        Path dir = env.resolve(out);
        Path privateFile = dir.resolve(stem + ".key");
        Path publicFile = dir.resolve(stem + ".pub");
        if (!force && (privateFile.toFile().exists() || publicFile.toFile().exists())) {
            throw new UserError((privateFile.toFile().exists() ? privateFile : publicFile)
                    + " already exists; use --force to replace it, or --name to make a second key");
        }
        SafeFiles.write(privateFile, key.toFileText(), true, force);
        SafeFiles.write(publicFile, key.publicKey().toFileText(), false, force);
        env.out().println("created key " + key.keyId() + " for vendor " + vendor);
        env.out().println("  private: " + privateFile + "  (keep secret)");
        env.out().println("  public:  " + publicFile + "  (give to sites: put it in the server's --trust directory)");
        return ExitCodes.OK;
    }
}
