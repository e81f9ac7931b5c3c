package io.licman.server.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** A {@link UsageReport} as a text table, CSV, JSON, or one self-contained HTML page with inline SVG charts. */
public final class ReportFormats {

    /** The formats {@code licman report --format} and {@code GET /api/v1/report} offer. */
    public enum Format {
        TABLE("text/plain; charset=utf-8"), CSV("text/csv; charset=utf-8"), JSON("application/json"), HTML("text/html; charset=utf-8");

        private final String contentType;

        Format(String contentType) {
            this.contentType = contentType;
        }

        public String contentType() {
            return contentType;
        }

        public static Optional<Format> parse(String text) {
            for (Format f : values()) {
                if (f.name().equalsIgnoreCase(text)) {
                    return Optional.of(f);
                }
            }
            return Optional.empty();
        }
    }

    private ReportFormats() {
    }

    public static String render(UsageReport report, Format format) {
        return switch (format) {
            case TABLE -> table(report);
            case CSV -> csv(report);
            case JSON -> json(report);
            case HTML -> html(report);
        };
    }

    public static String json(UsageReport report) {
        try {
            return ReportFiles.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A summary per feature, then each feature's days. */
    public static String table(UsageReport r) {
        StringBuilder b = new StringBuilder();
        b.append("licman usage report ").append(r.from()).append(" to ").append(r.to()).append(" (UTC)\n\n");
        if (r.features().isEmpty()) {
            b.append("no usage recorded in this period\n");
        } else {
            b.append(String.format(Locale.ROOT, "%-28s %6s %6s %10s %7s %8s %8s %6s %7s%n", "FEATURE", "SEATS", "PEAK", "SEAT-HOURS",
                    "UTIL%", "GRANTS", "DENIALS", "TRUE", "BORROW"));
            for (UsageReport.FeatureReport f : r.features()) {
                b.append(String.format(Locale.ROOT, "%-28s %6d %6d %10.1f %7s %8d %8d %6d %7d%n", f.vendor() + "/" + f.feature(), f.capacity(),
                        f.peak(), f.seatHours(), percent(f.utilisation()), f.grants(), f.denials(), f.trueDenials(), f.borrowPeak()));
            }
            for (UsageReport.FeatureReport f : r.features()) {
                b.append('\n').append(f.vendor()).append('/').append(f.feature()).append(" by day\n");
                b.append(String.format(Locale.ROOT, "  %-10s %6s %6s %10s %7s %8s %8s %6s%n", "DATE", "SEATS", "PEAK", "SEAT-HOURS", "UTIL%",
                        "GRANTS", "DENIALS", "TRUE"));
                for (UsageReport.Row d : f.days()) {
                    b.append(String.format(Locale.ROOT, "  %-10s %6d %6d %10.1f %7s %8d %8d %6d%n", d.start().substring(0, 10), d.capacity(),
                            d.peak(), d.seatHours(), percent(d.utilisation()), d.grants(), d.denials(), d.trueDenials()));
                }
                if (!f.topUsers().isEmpty()) {
                    b.append("  top users: ");
                    b.append(String.join(", ", f.topUsers().stream()
                            .map(u -> u.user() + String.format(Locale.ROOT, " %.1f h", u.licenseHours())).toList()));
                    b.append('\n');
                }
            }
        }
        for (String w : r.warnings()) {
            b.append("\nwarning: ").append(w).append('\n');
        }
        b.append("\ntrue denials: no seat for that user within ").append(r.trueDenialMinutes()).append(" minutes\n");
        return b.toString();
    }

    /** One row per feature and hour: every figure, for spreadsheets. */
    public static String csv(UsageReport r) {
        StringBuilder b = new StringBuilder("vendor,feature,hour_start_utc,seats,peak,seat_hours,utilisation_pct,grants,denials,true_denials\n");
        for (UsageReport.FeatureReport f : r.features()) {
            for (UsageReport.Row h : f.hours()) {
                b.append(csvField(f.vendor())).append(',').append(csvField(f.feature())).append(',').append(h.start()).append(',')
                        .append(h.capacity()).append(',').append(h.peak()).append(',').append(h.seatHours()).append(',')
                        .append(h.utilisation() == null ? "" : h.utilisation()).append(',').append(h.grants()).append(',')
                        .append(h.denials()).append(',').append(h.trueDenials()).append('\n');
            }
        }
        return b.toString();
    }

    private static String csvField(String s) {
        return s.matches("[A-Za-z0-9_.-]*") ? s : "\"" + s.replace("\"", "\"\"") + "\"";
    }

    private static String percent(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.1f", v);
    }

    /** One self-contained page: no scripts, no external resources, charts as inline SVG. */
    public static String html(UsageReport r) {
        StringBuilder b = new StringBuilder(16_384);
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>licman usage report ").append(esc(r.from())).append(" to ").append(esc(r.to())).append("</title><style>")
                .append("body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1f2933;margin:0;background:#f5f7fa}")
                .append("main{max-width:1000px;margin:0 auto;padding:24px}h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;margin:0 0 12px}")
                .append(".sub{color:#52606d;margin:0 0 20px}.card{background:#fff;border:1px solid #e4e7eb;border-radius:10px;padding:18px;margin:0 0 18px}")
                .append("table{border-collapse:collapse;width:100%;font-size:14px}th,td{text-align:right;padding:6px 8px;border-bottom:1px solid #eef1f4}")
                .append("th:first-child,td:first-child{text-align:left}th{color:#52606d;font-weight:600}")
                .append(".kpis{display:flex;flex-wrap:wrap;gap:12px;margin:0 0 12px}.kpi{flex:1 1 120px;background:#f5f7fa;border-radius:8px;padding:10px}")
                .append(".kpi b{display:block;font-size:20px}.kpi span{color:#52606d;font-size:12px}.warn{background:#fff8e1;border-color:#f0c36d}")
                .append("svg{width:100%;height:auto}.note{color:#52606d;font-size:13px}@media print{body{background:#fff}.card{break-inside:avoid}}")
                .append("</style></head><body><main>");
        b.append("<h1>License usage report</h1><p class=\"sub\">").append(esc(r.from())).append(" to ").append(esc(r.to()))
                .append(" (UTC) &middot; generated ").append(esc(r.generated().substring(0, Math.min(16, r.generated().length())).replace('T', ' ')))
                .append(" UTC</p>");
        for (String w : r.warnings()) {
            b.append("<div class=\"card warn\">").append(esc(w)).append("</div>");
        }
        b.append("<div class=\"card\"><h2>Summary</h2><table><thead><tr><th>Feature</th><th>Seats</th><th>Peak</th><th>Seat-hours</th>")
                .append("<th>Utilisation</th><th>Checkouts</th><th>Denials</th><th>True denials</th></tr></thead><tbody>");
        for (UsageReport.FeatureReport f : r.features()) {
            b.append("<tr><td>").append(esc(f.vendor() + "/" + f.feature())).append("</td><td>").append(f.capacity()).append("</td><td>")
                    .append(f.peak()).append("</td><td>").append(String.format(Locale.ROOT, "%.1f", f.seatHours())).append("</td><td>")
                    .append(f.utilisation() == null ? "&ndash;" : percent(f.utilisation()) + " %").append("</td><td>").append(f.grants())
                    .append("</td><td>").append(f.denials()).append("</td><td>").append(f.trueDenials()).append("</td></tr>");
        }
        if (r.features().isEmpty()) {
            b.append("<tr><td colspan=\"8\">No usage recorded in this period.</td></tr>");
        }
        b.append("</tbody></table></div>");
        for (UsageReport.FeatureReport f : r.features()) {
            b.append("<div class=\"card\"><h2>").append(esc(f.vendor() + "/" + f.feature())).append("</h2><div class=\"kpis\">");
            kpi(b, String.valueOf(f.peak()), "peak seats in use");
            kpi(b, String.valueOf(f.capacity()), "licensed seats");
            kpi(b, f.utilisation() == null ? "&ndash;" : percent(f.utilisation()) + " %", "utilisation");
            kpi(b, String.valueOf(f.trueDenials()), "true denials");
            kpi(b, String.valueOf(f.borrowPeak()), "peak borrowed");
            b.append("</div>");
            b.append(svgChart(f.days()));
            b.append("<p class=\"note\">Blue bars: peak seats in use per day; green: average seats in use over the day; red: licensed seats.</p>");
            if (!f.topUsers().isEmpty()) {
                b.append("<table><thead><tr><th>Top users</th><th>License-hours</th><th>Checkouts</th><th>Denials</th></tr></thead><tbody>");
                for (UsageReport.UserRow u : f.topUsers()) {
                    b.append("<tr><td>").append(esc(u.user())).append("</td><td>").append(String.format(Locale.ROOT, "%.1f", u.licenseHours()))
                            .append("</td><td>").append(u.grants()).append("</td><td>").append(u.denials()).append("</td></tr>");
                }
                b.append("</tbody></table>");
            }
            if (!f.denialsByReason().isEmpty()) {
                b.append("<p class=\"note\">Denials by reason: ");
                b.append(esc(String.join(", ", f.denialsByReason().entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList())));
                b.append("</p>");
            }
            b.append("</div>");
        }
        b.append("<p class=\"note\">A true denial is a checkout refused for want of a seat after which the same user got no seat within ")
                .append(r.trueDenialMinutes()).append(" minutes; retries count once. Utilisation is seat-hours used over seat-hours ")
                .append("licensed while the server ran.</p></main></body></html>\n");
        return b.toString();
    }

    private static void kpi(StringBuilder b, String value, String label) {
        b.append("<div class=\"kpi\"><b>").append(value).append("</b><span>").append(esc(label)).append("</span></div>");
    }

    private static String svgChart(List<UsageReport.Row> days) {
        int w = 900;
        int h = 220;
        int left = 40;
        int bottom = 24;
        int plotW = w - left - 10;
        int plotH = h - bottom - 10;
        int max = 1;
        for (UsageReport.Row d : days) {
            max = Math.max(max, Math.max(d.peak(), d.capacity()));
        }
        StringBuilder s = new StringBuilder();
        s.append("<svg viewBox=\"0 0 ").append(w).append(' ').append(h).append("\" role=\"img\" aria-label=\"peak seats per day\">");
        for (int i = 0; i <= 4; i++) {
            int v = (int) Math.round(max * i / 4.0);
            double y = 10 + plotH - plotH * v / (double) max;
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#e4e7eb\"/>", left, w - 10, y, y));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" fill=\"#52606d\" text-anchor=\"end\">%d</text>",
                    left - 6, y + 4, v));
        }
        int n = Math.max(1, days.size());
        double slot = plotW / (double) n;
        StringBuilder capacity = new StringBuilder();
        StringBuilder average = new StringBuilder();
        for (int i = 0; i < days.size(); i++) {
            UsageReport.Row d = days.get(i);
            double x = left + i * slot;
            double bh = plotH * d.peak() / (double) max;
            s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#3e7bfa\" rx=\"1\">"
                    + "<title>%s: peak %d of %d</title></rect>", x + slot * 0.15, 10 + plotH - bh, Math.max(1, slot * 0.7), bh,
                    d.start().substring(0, 10), d.peak(), d.capacity()));
            double cy = 10 + plotH - plotH * d.capacity() / (double) max;
            capacity.append(i == 0 ? "M" : "L").append(String.format(Locale.ROOT, "%.1f %.1f L%.1f %.1f ", x, cy, x + slot, cy));
            double ay = 10 + plotH - plotH * (d.seatHours() / 24.0) / max;
            average.append(i == 0 ? "M" : "L").append(String.format(Locale.ROOT, "%.1f %.1f ", x + slot / 2, ay));
        }
        s.append("<path d=\"").append(capacity).append("\" fill=\"none\" stroke=\"#e12d39\" stroke-width=\"2\"/>");
        s.append("<path d=\"").append(average).append("\" fill=\"none\" stroke=\"#0f9d58\" stroke-width=\"2.5\" stroke-linejoin=\"round\"/>");
        int labels = Math.min(days.size(), 8);
        for (int i = 0; i < labels; i++) {
            int idx = days.size() == 1 ? 0 : (int) Math.round(i * (days.size() - 1) / (double) Math.max(1, labels - 1));
            double x = left + idx * slot + slot / 2;
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" fill=\"#52606d\" text-anchor=\"middle\">%s</text>",
                    x, h - 6, days.get(idx).start().substring(5, 10)));
        }
        return s.append("</svg>").toString();
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
