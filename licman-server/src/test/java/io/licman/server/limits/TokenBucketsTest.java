package io.licman.server.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class TokenBucketsTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void aBurstIsAllowedThenTheRateAndTheWaitIsSaid() throws Exception {
        TokenBuckets buckets = new TokenBuckets(10, 20);
        InetAddress a = InetAddress.getByName("192.0.2.1");
        for (int i = 0; i < 20; i++) {
            assertThat(buckets.take(a, 0, 1)).isZero();
        }

        assertThat(buckets.take(a, 0, 1)).isEqualTo(100);
        assertThat(buckets.take(a, SECOND / 10, 1)).isZero();
        assertThat(buckets.take(a, SECOND / 10, 1)).isPositive();
    }

    @Test
    void addressesHaveBucketsOfTheirOwn() throws Exception {
        TokenBuckets buckets = new TokenBuckets(1, 1);
        buckets.take(InetAddress.getByName("192.0.2.1"), 0, 1);

        assertThat(buckets.take(InetAddress.getByName("192.0.2.1"), 0, 1)).isPositive();
        assertThat(buckets.take(InetAddress.getByName("192.0.2.2"), 0, 1)).isZero();
    }

    @Test
    void waitingDoesNotTakeAToken() throws Exception {
        TokenBuckets buckets = new TokenBuckets(1, 1);
        InetAddress a = InetAddress.getByName("192.0.2.1");

        assertThat(buckets.take(a, 0, 0)).isZero();
        assertThat(buckets.take(a, 0, 1)).isZero();
        assertThat(buckets.take(a, 0, 0)).isEqualTo(1000);
    }
}
