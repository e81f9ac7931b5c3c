package io.licman.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchesTest {

    @Test
    void manyLeasesAreSplitIntoFramesThatFitEveryServer() {
        List<LeaseImpl> none = List.of();
        assertThat(ClientEngine.batches(none)).containsExactly(List.of());
        List<LeaseImpl> many = Collections.nCopies(ClientEngine.MAX_LEASES_PER_FRAME * 2 + 1, null);
        assertThat(ClientEngine.batches(many)).extracting(List::size)
                .containsExactly(ClientEngine.MAX_LEASES_PER_FRAME, ClientEngine.MAX_LEASES_PER_FRAME, 1);
        int bytesPerKey = 2 + 9 + 2 + 16 + 2;
        assertThat(ClientEngine.MAX_LEASES_PER_FRAME * bytesPerKey).isLessThan(64 * 1024);
    }

    @Test
    void connectionProblemsAreDescribedForPeople() {
        assertThat(ClientEngine.describe(new ConnectException("Connection refused"), 500)).startsWith("connection refused");
        assertThat(ClientEngine.describe(new SocketTimeoutException("connect timed out"), 500))
                .isEqualTo("no answer within 500 ms (a firewall, or the host is down)");
        assertThat(ClientEngine.describe(new UnknownHostException("lic9"), 500)).startsWith("unknown host");
        assertThat(ClientEngine.describe(new IOException("odd"), 500)).isEqualTo("odd");
    }
}
