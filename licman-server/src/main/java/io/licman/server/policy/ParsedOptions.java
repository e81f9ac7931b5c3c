package io.licman.server.policy;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of reading an options file: a policy when the file had no problem, otherwise every
 * problem and no policy (a file with any error is rejected whole).
 *
 * @param problems what is wrong, in file order; empty when the file is valid
 * @param policy the policy, or {@code null} when there are problems
 */
public record ParsedOptions(List<OptionsProblem> problems, Policy policy) {

    public ParsedOptions {
        problems = List.copyOf(problems);
        if (problems.isEmpty() == (policy == null)) {
            throw new IllegalArgumentException("a parse gives either a policy or problems");
        }
    }

    /** True when the file can be applied. */
    public boolean isValid() {
        return problems.isEmpty();
    }

    /** The policy, if the file was valid. */
    public Optional<Policy> toPolicy() {
        return Optional.ofNullable(policy);
    }

    /**
     * The policy.
     *
     * @throws OptionsFileException carrying every problem when the file was not valid
     */
    public Policy orThrow() throws OptionsFileException {
        if (policy == null) {
            throw new OptionsFileException(problems);
        }
        return policy;
    }
}
