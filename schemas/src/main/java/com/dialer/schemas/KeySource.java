package com.dialer.schemas;

import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A source of environment-style keys that can also list them (the environment, a properties file, a
 * map in tests), so that a family of keys under one prefix ({@code KAFKA_…}, read by
 * {@link KafkaClientProperties}) can be found, not only named keys looked up.
 */
public interface KeySource extends Function<String, String> {

    /** Every key this source holds a value for. */
    Set<String> names();

    static KeySource of(Map<String, String> values) {
        return new KeySource() {
            @Override
            public String apply(String key) {
                return values.get(key);
            }

            @Override
            public Set<String> names() {
                return values.keySet();
            }
        };
    }
}
