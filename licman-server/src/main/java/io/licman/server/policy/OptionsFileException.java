package io.licman.server.policy;

import java.util.List;
import java.util.stream.Collectors;

/**
 * An options file that cannot be used: it carries every problem found, so all of them can be
 * fixed in one pass. The policy in force should be kept.
 */
public final class OptionsFileException extends Exception {

    private final transient List<OptionsProblem> problems;

    public OptionsFileException(List<OptionsProblem> problems) {
        super(summary(problems));
        this.problems = List.copyOf(problems);
    }

    private static String summary(List<OptionsProblem> problems) {
        return problems.size() + (problems.size() == 1 ? " problem" : " problems")
                + " in the options file; it was not applied:\n"
                + problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n"));
    }

    /** Every problem, in file order. */
    public List<OptionsProblem> problems() {
        return problems;
    }
}
