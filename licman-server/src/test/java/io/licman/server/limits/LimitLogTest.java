package io.licman.server.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LimitLogTest {

    @Test
    void eachLimitIsLoggedAtMostOncePerIntervalAndEveryHitIsCounted() {
        AtomicLong now = new AtomicLong();
        LimitLog log = new LimitLog(1000, now::get);

        assertThat(log.hit("max-connections", "first")).isTrue();
        assertThat(log.hit("max-connections", "second")).isFalse();
        assertThat(log.hit("max-checkouts-per-second", "another limit")).isTrue();
        now.set(999);
        assertThat(log.hit("max-connections", "still within the interval")).isFalse();
        now.set(1000);
        assertThat(log.hit("max-connections", "next interval")).isTrue();
        assertThat(log.count("max-connections")).isEqualTo(4);
    }
}
