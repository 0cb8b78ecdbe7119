package com.dialer.state.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConfiguredClientLimitsTest {

    @Test
    void eachClientHasItsCapAndOptionallyItsOwnRate() {
        ConfiguredClientLimits limits = ConfiguredClientLimits.parse(" acme=10, beta=5/120 ");

        assertThat(limits.byClient()).containsExactly(
                java.util.Map.entry("acme", new ConfiguredClientLimits.Limit(10, null)),
                java.util.Map.entry("beta", new ConfiguredClientLimits.Limit(5, 120)));
        assertThat(limits.capOf("beta", 99)).isEqualTo(5);
        assertThat(limits.capOf("gamma", 99)).isEqualTo(99);
        assertThat(ConfiguredClientLimits.parse("").byClient()).isEmpty();
        assertThat(ConfiguredClientLimits.parse(null).byClient()).isEmpty();
    }

    @Test
    void aBadEntryIsNamedWithTheKey() {
        for (String bad : new String[] {"acme", "acme=-1", "acme=x", "ac{me}=3", "acme=1000001", "=5", "a|b=5", "acme=5/0", "acme=5,acme=6"}) {
            assertThatThrownBy(() -> ConfiguredClientLimits.parse(bad)).as(bad).hasMessageContaining("CLIENT_LIMITS entry");
        }
    }
}
