package com.dialer.state.callerid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.dialer.schemas.EnvironmentKeys;
import com.dialer.schemas.KeySource;

class CallerIdPoolsTest {

    @TempDir
    Path dir;

    @Test
    void readsEveryClientsPoolsWithTheirRegionsCapsAndZones() throws Exception {
        CallerIdPools pools = read("""
                {"acme": {"local": [
                   {"number": "+14155550100", "regions": ["us:415", "+1628"], "dailyCap": 100},
                   {"number": "+442071234567", "regions": ["GB"], "timeZone": "Europe/London"},
                   {"number": "+12015550100"}]}}""");

        CallerIdPool pool = pools.pool("acme", "local").orElseThrow();
        assertThat(pool.numbers()).extracting(CallerNumber::e164).containsExactly("+14155550100", "+442071234567", "+12015550100");
        CallerNumber sf = pool.numbers().get(0);
        assertThat(sf.regions()).extracting(CallerRegion::text).containsExactly("US:415", "+1628");
        assertThat(sf.dailyCap()).isEqualTo(100);
        // no timeZone given: the number's own region's zone
        assertThat(sf.zone()).isEqualTo(ZoneId.of("America/Los_Angeles"));
        assertThat(pool.numbers().get(2).dailyCap()).isNull();
        assertThat(pools.pool("acme", "other")).isEmpty();
        assertThat(pools.pool("beta", "local")).isEmpty();
    }

    @Test
    void noFileMeansNoPools() {
        assertThat(CallerIdPools.from(new EnvironmentKeys(KeySource.of(Map.of())))).isEqualTo(CallerIdPools.NONE);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "{\"acme\": {\"p\": [{\"number\": \"+14155550100\"}, {\"number\": \"4155550101\"}]}}"
                    + "| CALLER_ID_POOLS_FILE: acme/p[1].number: '4155550101' is not an E.164 number",
            "{\"acme\": {\"p\": [{\"number\": \"+14155550100\", \"dailyCap\": -1}]}}"
                    + "| CALLER_ID_POOLS_FILE: acme/p[0].dailyCap: '-1' is not a whole number",
            "{\"acme\": {\"p\": [{\"number\": \"+14155550100\", \"regions\": [\"US:415\", \"XX\"]}]}}"
                    + "| CALLER_ID_POOLS_FILE: acme/p[0].regions[1]: 'XX': 'XX' is not a region code",
            "{\"acme\": {\"p\": [{\"number\": \"+14155550100\", \"regions\": [\"US:4a\"]}]}}"
                    + "| CALLER_ID_POOLS_FILE: acme/p[0].regions[0]: 'US:4a': the area code after ':' must be digits",
            "{\"acme\": {\"p\": [{\"number\": \"+14155550100\", \"timeZone\": \"Mars/Olympus\"}]}}"
                    + "| CALLER_ID_POOLS_FILE: acme/p[0].timeZone: 'Mars/Olympus' is not a time zone",
            "{\"acme\": {\"p\": [{\"number\": \"+14155550100\", \"cap\": 5}]}}"
                    + "| CALLER_ID_POOLS_FILE: acme/p[0].cap: unknown field",
            "{\"acme\": {\"p\": [{\"number\": \"+14155550100\"}, {\"number\": \"+14155550100\"}]}}"
                    + "| CALLER_ID_POOLS_FILE: acme/p[1].number: +14155550100 is in the pool twice",
            "{\"acme\": {\"p\": []}}| CALLER_ID_POOLS_FILE: acme/p: must be a non-empty list",
            "{\"acme\": {\"p\": [{\"number\": \"+14155550100\", \"dailyCap\": 5}], \"q\": [{\"number\": \"+14155550100\", \"dailyCap\": 9}]}}"
                    + "| CALLER_ID_POOLS_FILE: acme/q[0]: +14155550100 is in another pool of acme with another dailyCap",
            "[1, 2]| CALLER_ID_POOLS_FILE: must be a JSON object",
            "{\"acme\": | CALLER_ID_POOLS_FILE: not JSON",
    })
    void aBadPoolFileStopsStartUpNamingTheKeyAndTheEntry(String json, String message) {
        assertThatThrownBy(() -> read(json)).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(message);
    }

    @Test
    void aMissingFileNamesTheKey() {
        assertThatThrownBy(() -> CallerIdPools.from(new EnvironmentKeys(KeySource.of(Map.of(
                "CALLER_ID_POOLS_FILE", dir.resolve("none.json").toString())))))
                .hasMessageStartingWith("CALLER_ID_POOLS_FILE: cannot read");
    }

    private CallerIdPools read(String json) throws Exception {
        Path file = dir.resolve("pools.json");
        Files.writeString(file, json);
        return CallerIdPools.from(new EnvironmentKeys(KeySource.of(Map.of("CALLER_ID_POOLS_FILE", file.toString()))));
    }
}
