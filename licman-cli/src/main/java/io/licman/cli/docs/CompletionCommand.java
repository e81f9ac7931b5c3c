package io.licman.cli.docs;

import io.licman.cli.CliEnvironment;
import io.licman.cli.ExitCodes;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code licman completion bash|zsh}: prints a shell completion script made from the command definitions. */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Print a completion script for bash or zsh.",
            "bash:  licman completion bash > /etc/bash_completion.d/licman",
            "zsh:   licman completion zsh > \"$${fpath[1]}/_licman\"   (or: source <(licman completion zsh))"})
public final class CompletionCommand implements Callable<Integer> {

    private final CliEnvironment env;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "SHELL", description = "bash or zsh")
    Shell shell;

    /** Shells with completion scripts. */
    public enum Shell { bash, zsh }

    public CompletionCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        CommandLine root = spec.root().commandLine();
        String script = AutoComplete.bash("licman", root);
        if (shell == Shell.zsh) {
            script = "#compdef licman\n# zsh runs the bash completion through bashcompinit\nautoload -U +X compinit && compinit\n"
                    + "autoload -U +X bashcompinit && bashcompinit\n" + script;
        }
        env.out().print(script);
        env.out().flush();
        return ExitCodes.OK;
    }
}
