package io.licman.it.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What the docs tests ran, held, served, did not run and skipped, and why: printed after the run. */
final class DocsReport {

    /** One documented command and what became of it. */
    record Entry(String source, String outcome, String command) {
    }

    private final List<Entry> entries = new ArrayList<>();

    synchronized void add(String source, String outcome, String command) {
        entries.add(new Entry(source, outcome, command));
    }

    synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** The report as text: one line per command, then counts. */
    synchronized String text() {
        StringBuilder out = new StringBuilder("Commands in the documentation, as the docs tests treated them\n\n");
        Map<String, Integer> counts = new TreeMap<>();
        for (Entry e : entries) {
            out.append(String.format("%-44s %-32s %s%n", e.source(), e.outcome(), e.command()));
            String kind = e.outcome().split("[:(]", 2)[0].replaceAll(" on 127.*", "").strip();
            counts.merge(kind, 1, Integer::sum);
        }
        out.append('\n');
        counts.forEach((kind, n) -> out.append(String.format("%-10s %d%n", kind, n)));
        return out.toString();
    }
}
