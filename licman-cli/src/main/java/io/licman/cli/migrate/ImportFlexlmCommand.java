package io.licman.cli.migrate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.licman.cli.CliEnvironment;
import io.licman.cli.ExitCodes;
import io.licman.cli.SafeFiles;
import io.licman.cli.UserError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code licman import-flexlm FILE}: FlexLM FEATURE/INCREMENT lines to a licman issuing spec. */
@Command(name = "import-flexlm", mixinStandardHelpOptions = true,
        description = {"Turn the FEATURE, INCREMENT and PACKAGE lines of a FlexLM license file into a licman issuing spec,",
            "the --from input of 'licman issue'. FlexLM signatures cannot carry over: re-sign with your own licman key.",
            "Everything without a licman equivalent is listed as a warning with its line number."},
        footer = {"", "Example:", "  licman import-flexlm old.lic --out spec.json && licman issue --key keys/acme.key --from spec.json --out new.lic"})
public final class ImportFlexlmCommand implements Callable<Integer> {

    private final CliEnvironment env;

    @Parameters(paramLabel = "FILE", description = "The FlexLM license file.")
    Path file;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the spec here instead of standard output.")
    Path out;

    @Option(names = "--force", description = "Replace --out if it exists.")
    boolean force;

    public ImportFlexlmCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() throws IOException {
        Path input = env.resolve(file);
        String text;
        try {
            if (Files.size(input) > 16 << 20) {
                throw new UserError(input + " is larger than 16 MiB; is it a FlexLM license file?");
            }
            text = Files.readString(input, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UserError("cannot read " + input + ": " + e.getMessage());
        }
        FlexlmImport.Result result = FlexlmImport.convert(text);
        result.warnings().forEach(w -> env.err().println("warning: " + input.getFileName() + " " + w));
        if (result.features().isEmpty()) {
            throw new UserError("nothing to import from " + input, ExitCodes.NEGATIVE);
        }
        String json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(Map.of("features", result.features())) + "\n";
        if (out == null) {
            env.out().print(json);
            env.out().flush();
        } else {
            SafeFiles.write(env.resolve(out), json, false, force);
            env.err().println("wrote " + result.features().size() + " features to " + out + "; review it, then sign: licman issue --key KEY --from " + out);
        }
        return ExitCodes.OK;
    }
}
