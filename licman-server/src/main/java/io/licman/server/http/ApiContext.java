package io.licman.server.http;

import io.licman.server.ServerContext;
import io.licman.server.auth.TokenStore;
import io.licman.server.report.ReportLog;
import io.licman.server.report.UsageHistory;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;

/** What the HTTP API and dashboard need from the server around them; the server implements it. */
public interface ApiContext {

    ServerContext server();

    TokenStore tokens();

    /** True when read endpoints answer without a token ({@code http-anonymous-read = yes}). */
    boolean anonymousRead();

    /** The report log, unless it is switched off. */
    Optional<ReportLog> reportLog();

    /** The history chart's data, unless the report log is switched off. */
    Optional<UsageHistory> history();

    /** The recent checkout denials. */
    RecentDenials denials();

    Path dataDirectory();

    List<Path> licenseFiles();

    Optional<Path> optionsFile();

    Instant startedAt();

    /** Open TCP connections. */
    int connections();

    /** Runs file reads and other blocking work off the network threads. */
    Executor blockingWork();
}
