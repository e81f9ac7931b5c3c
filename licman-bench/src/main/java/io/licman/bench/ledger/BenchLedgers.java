package io.licman.bench.ledger;

import io.licman.core.license.FeatureLicense;
import io.licman.core.license.Version;
import io.licman.server.ledger.Applied;
import io.licman.server.ledger.ClientIdentity;
import io.licman.server.ledger.Ledger;
import io.licman.server.ledger.LedgerCommand;
import io.licman.server.ledger.LedgerSettings;
import io.licman.server.policy.OptionsFileParser;
import io.licman.server.policy.Policy;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** Ledgers and options files shared by the ledger benchmarks. */
final class BenchLedgers {

    static final long T0 = 1_780_000_000_000L;

    private BenchLedgers() {
    }

    static Ledger empty() {
        byte[] seed = new byte[LedgerSettings.SEED_BYTES];
        for (int i = 0; i < seed.length; i++) {
            seed[i] = (byte) (i * 31 + 7);
        }
        return Ledger.create(LedgerSettings.withSeed(seed));
    }

    static FeatureLicense feature(String name, int seats) {
        return FeatureLicense.builder("acme", name).version("1.0").count(seats).issued(LocalDate.of(2026, 1, 1)).build();
    }

    static FeatureLicense uncounted(String name) {
        return FeatureLicense.builder("acme", name).version("1.0").uncounted().issued(LocalDate.of(2026, 1, 1)).build();
    }

    /** A 50-line options file of the usual kinds, about a dozen of them on {@code cad}. */
    static Policy fiftyLinePolicy() {
        StringBuilder text = new StringBuilder();
        text.append("GROUP eng alice bob carol dave erin frank\n");
        text.append("GROUP ops oscar olga otto\n");
        text.append("GROUP contractors xavier yolanda\n");
        text.append("HOST_GROUP lab lab01 lab02 lab03 lab04\n");
        text.append("HOST_GROUP kiosks kiosk1 kiosk2\n");
        text.append("INCLUDEALL INTERNET 10.*.*.*\n");
        text.append("EXCLUDEALL HOST_GROUP kiosks\n");
        text.append("EXCLUDE cad GROUP contractors\n");
        text.append("EXCLUDE cad USER intern\n");
        text.append("RESERVE 5 cad GROUP ops\n");
        text.append("RESERVE 2 cad USER alice\n");
        text.append("MAX 40 cad GROUP eng\n");
        text.append("MAX 30 cad HOST_GROUP lab\n");
        text.append("MAX 60 cad INTERNET 10.1.0.0/16\n");
        text.append("TIMEOUT cad 300\n");
        text.append("LINGER cad 0\n");
        text.append("MAX_OVERDRAFT cad 0\n");
        text.append("MAX_BORROW_HOURS cad 72\n");
        text.append("NOLOG QUEUED\n");
        text.append("TIMEOUTALL 600\n");
        for (int i = 0; i < 30; i++) {
            text.append(switch (i % 5) {
                case 0 -> "INCLUDE tool" + i + " GROUP eng\n";
                case 1 -> "RESERVE 1 tool" + i + " USER oscar\n";
                case 2 -> "MAX 3 tool" + i + " HOST_GROUP lab\n";
                case 3 -> "EXCLUDE tool" + i + " USER user" + i + "\n";
                default -> "TIMEOUT tool" + i + " 120\n";
            });
        }
        return OptionsFileParser.parse(text.toString(), "bench.opt").toPolicy()
                .orElseThrow(() -> new IllegalStateException("the benchmark options file does not parse"));
    }

    static List<ClientIdentity> clients(int n) {
        List<ClientIdentity> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new ClientIdentity("user" + i, "ws" + (i % 40), ":0", "10.2." + (i / 250) + "." + (i % 250), "", 1000 + i,
                    "session-" + i));
        }
        return out;
    }

    static Applied reload(Ledger ledger, long now, Policy policy, FeatureLicense... features) {
        return ledger.apply(new LedgerCommand.Reload(now, List.of(features), policy, List.of()));
    }

    static Version version() {
        return Version.parse("1.0");
    }
}
