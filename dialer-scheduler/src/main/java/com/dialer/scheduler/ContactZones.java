package com.dialer.scheduler;

import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The zone or zones a contact's calling window is read in. One zone when the contact record names
 * it or the number maps to exactly one; several when the number maps to several (a US toll-free
 * number, a country spanning zones): then the window must be open in every one of them.
 * Kept in the pending contact's {@code timeZone} as the zone ids joined by commas; a dial request
 * leaving the scheduler carries only {@link #primary()}, a valid IANA id.
 */
record ContactZones(List<ZoneId> zones) {

    ContactZones {
        if (zones.isEmpty()) {
            throw new IllegalArgumentException("a contact needs at least one zone");
        }
        zones = List.copyOf(zones);
    }

    static ContactZones of(ZoneId zone) {
        return new ContactZones(List.of(zone));
    }

    static ContactZones parse(String stored) {
        return new ContactZones(Arrays.stream(stored.split(",")).map(ZoneId::of).toList());
    }

    String encoded() {
        return zones.stream().map(ZoneId::getId).collect(Collectors.joining(","));
    }

    ZoneId primary() {
        return zones.get(0);
    }
}
