package io.licman.server.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** Report log lines are valid UTF-8 JSON that read back to the record written, whatever text its fields hold. */
class RecordCodecProperties {

    @Property(tries = 500)
    void anyTextInAnyFieldReadsBackUnchanged(@ForAll String user, @ForAll String host, @ForAll String note,
                                             @ForAll @LongRange(min = 1, max = 4_000_000_000_000L) long t, @ForAll long seq,
                                             @ForAll int seats) throws Exception {
        ReportRecord r = ReportRecord.of(t, "grant").feature("acme", "cad-pro");
        r.seq = seq;
        r.user = user;
        r.host = host;
        r.note = note;
        r.seats = seats;
        r.prev = ReportLogWriter.ZERO_HASH;
        byte[] line = RecordCodec.write(r);

        assertThat(new String(line, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8)).as("valid UTF-8").isEqualTo(line);
        assertThat(line).as("one line").doesNotContain((byte) '\n');
        ReportRecord back = new ReportRecord();
        RecordCodec.read(line, 0, line.length, back);
        assertThat(back.seq).isEqualTo(seq);
        assertThat(back.t).isEqualTo(t);
        assertThat(back.user).isEqualTo(emptyAsNull(wellFormed(user)));
        assertThat(back.host).isEqualTo(emptyAsNull(wellFormed(host)));
        assertThat(back.note).isEqualTo(emptyAsNull(wellFormed(note)));
        assertThat(back.seats).isEqualTo(seats);
        assertThat(back.prev).isEqualTo(ReportLogWriter.ZERO_HASH);
    }

    @Test
    void aRecordIsWrittenInTheDocumentedLayout() {
        ReportRecord r = ReportRecord.of(1_764_254_242_123L, "grant").feature("acme", "cad-pro");
        r.seq = 42;
        r.user = "anna \"a\"\u00e9\u2028\u0001";
        r.lease = "00000000000000ff";
        r.count = 1;
        r.seats = 2;
        r.prev = ReportLogWriter.ZERO_HASH;
        assertThat(new String(RecordCodec.write(r), StandardCharsets.UTF_8)).isEqualTo("{\"seq\":42,\"t\":\"2025-11-27T14:37:22.123Z\","
                + "\"ev\":\"grant\",\"vendor\":\"acme\",\"feature\":\"cad-pro\",\"lease\":\"00000000000000ff\","
                + "\"user\":\"anna \\\"a\\\"\u00e9\\u2028\\u0001\",\"count\":1,\"seats\":2,\"prev\":\"" + ReportLogWriter.ZERO_HASH + "\"}");
    }

    private static String emptyAsNull(String s) {
        return s.isEmpty() ? null : s;
    }

    /** What UTF-8 keeps of a string: an unpaired surrogate becomes '?'. */
    private static String wellFormed(String s) {
        return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }
}
