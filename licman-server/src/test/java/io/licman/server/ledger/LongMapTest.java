package io.licman.server.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

class LongMapTest {

    /** Random puts and removes (keys from a small range, so they collide and shift) agree with a HashMap. */
    @Property
    void behavesLikeAHashMap(@ForAll @Size(max = 400) List<@LongRange(min = 1, max = 300) Long> keys,
                             @ForAll @Size(max = 400) List<Boolean> removes) {
        LongMap<String> map = new LongMap<>();
        Map<Long, String> model = new HashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            long key = keys.get(i);
            if (i < removes.size() && removes.get(i)) {
                assertThat(map.remove(key)).isEqualTo(model.remove(key));
            } else {
                assertThat(map.put(key, "v" + i)).isEqualTo(model.put(key, "v" + i));
            }
            assertThat(map.size()).isEqualTo(model.size());
        }
        for (long k = 1; k <= 300; k++) {
            assertThat(map.get(k)).isEqualTo(model.get(k));
        }
        assertThat(map.values()).containsExactlyInAnyOrderElementsOf(model.values());
    }
}
