package com.dialer.chaos;

import java.util.List;

/** How a service's JVM is tuned: for the chaos suite's many quick restarts, or as production runs a long-lived service. */
public enum JvmOptions {
    /**
     * Services start and restart often, several at once on few cores: C1 only and a small serial heap make starts cheap
     * (with the class data archive {@link ChildJvm} adds).
     */
    QUICK_RESTARTS(List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1")),
    /** The JDK's defaults for a long-lived server: tiered compilation up to C2, G1, a larger heap. */
    PRODUCTION(List.of("-Xmx1g", "-XX:+UseG1GC"));

    private final List<String> options;

    JvmOptions(List<String> options) {
        this.options = options;
    }

    public List<String> options() {
        return options;
    }
}
