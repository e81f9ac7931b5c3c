package io.licman.client;

import io.licman.core.protocol.Endpoint;
import java.util.List;
import java.util.Objects;

/**
 * No license server could be reached, or none answered in time. {@link #attempts()} lists every
 * server tried and what went wrong with each, in the order they were tried.
 */
public final class LicenseServerUnavailableException extends LicenseException {

    /**
     * One server tried.
     *
     * @param server the server's endpoint
     * @param problem what went wrong, for people
     */
    public record Attempt(Endpoint server, String problem) {
        public Attempt {
            Objects.requireNonNull(server, "server");
            Objects.requireNonNull(problem, "problem");
        }

        @Override
        public String toString() {
            return server + ": " + problem;
        }
    }

    private final List<Attempt> attempts;

    /**
     * @param summary what was being done, for example "cannot check out cad-pro"
     * @param attempts every server tried
     * @param advice what to do, appended to the message
     */
    public LicenseServerUnavailableException(String summary, List<Attempt> attempts, String advice, Throwable cause) {
        super(message(summary, attempts, advice), cause);
        this.attempts = List.copyOf(attempts);
    }

    /** Every server tried, in order, with what went wrong. */
    public List<Attempt> attempts() {
        return attempts;
    }

    private static String message(String summary, List<Attempt> attempts, String advice) {
        StringBuilder out = new StringBuilder(summary);
        if (attempts.isEmpty()) {
            out.append(": no server was tried");
        } else {
            out.append(": no license server answered (tried ").append(attempts.size())
                    .append(attempts.size() == 1 ? " server)" : " servers)");
            for (Attempt attempt : attempts) {
                out.append("\n  ").append(attempt);
            }
        }
        if (advice != null && !advice.isEmpty()) {
            out.append("\n").append(advice);
        }
        return out.toString();
    }
}
