package io.licman.client;

/**
 * A checkout did not produce a usable seat. Checked on purpose: every checkout can fail for
 * reasons outside the program's control (all seats taken, no server reachable, a server that is
 * not genuine), and the compiler makes the application decide what it does then, as
 * {@link java.io.IOException} does for I/O.
 *
 * <p>The four kinds are final and known, so a handler can tell them apart:
 * <ul>
 *   <li>{@link LicenseDeniedException}: the server answered no; an ordinary outcome;</li>
 *   <li>{@link LicenseServerUnavailableException}: no server could be reached or none answered in time;</li>
 *   <li>{@link LicenseVerificationException}: a grant's license block is not signed by the vendor's key;</li>
 *   <li>{@link LicenseProtocolException}: the server reported an error, or broke the protocol.</li>
 * </ul>
 * Every message says what happened and what to do about it, so it can be shown to the user as it is.
 */
public abstract sealed class LicenseException extends Exception
        permits LicenseDeniedException, LicenseServerUnavailableException, LicenseVerificationException,
                LicenseProtocolException {

    LicenseException(String message, Throwable cause) {
        super(message, cause);
    }
}
