package com.dialer.launcher.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.dialer.stack.LocalStack;
import com.dialer.stack.LocalStackExtension;
import com.dialer.state.RedisKeys;
import com.dialer.state.limits.Limits;
import com.dialer.state.limits.LiveLimits;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import picocli.CommandLine;

@ExtendWith(LocalStackExtension.class)
class LimitsCommandIT {

    @Test
    void setsCapsAndTheRateLiveAndPrintsWhatIsInForceWithWhereItComesFrom(LocalStack stack) {
        RedisClient client = RedisClient.create(stack.redis().uri());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            connection.sync().flushall();
            LiveLimits limits = new LiveLimits(connection.sync(), RedisKeys.standard(),
                    Limits.from(Map.of("CLIENT_LIMITS", "acme=3", "DEFAULT_CLIENT_CAP", "7", "MAX_CALLS_PER_MINUTE", "600")::get));
            limits.mirrorCampaignCap("acme", "spring", 2);
            connection.sync().zadd(RedisKeys.standard().slots("gamma"), Double.MAX_VALUE, "x:y:1");

            LimitsCommand command = new LimitsCommand();
            new CommandLine(command).parseArgs("--client", "beta=5,acme=4", "--rate", "1200", "--burst", "20");
            command.apply(limits);
            String shown = print(connection, limits);

            assertThat(shown).contains("global rate   1200 calls per 60 s, burst 20 (live; configured 600)")
                    .contains("default cap   7");
            assertThat(line(shown, "acme")).contains("   4  live").endsWith("-");
            assertThat(line(shown, "beta")).contains("   5  live");
            assertThat(line(shown, "gamma")).as("a client only seen holding slots").contains("   7  default").contains("    1");
            assertThat(line(shown, "spring")).contains("acme").contains("   2");

            command = new LimitsCommand();
            new CommandLine(command).parseArgs("--clear-client", "acme");
            command.apply(limits);
            assertThat(line(print(connection, limits), "acme")).contains("   3  client limits");

            LimitsCommand bad = new LimitsCommand();
            new CommandLine(bad).parseArgs("--client", "beta=9,acme=lots");
            assertThatThrownBy(() -> bad.apply(limits)).hasMessageContaining("--client acme must be a whole number 0..1000000");
            assertThat(limits.client("beta").cap()).as("nothing written when any change is bad").isEqualTo(5);
        } finally {
            client.shutdown();
        }
    }

    @Test
    void theKeysOfTheLimitsArePrintedFromTheirOneCatalogue() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream was = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertThat(new CommandLine(new LimitsCommand()).execute("--keys")).isZero();
        } finally {
            System.setOut(was);
        }
        assertThat(out.toString(StandardCharsets.UTF_8).lines().toList()).containsExactly(
                "MAX_CALLS_PER_MINUTE (default 600; 1..2147483647): the global rate limit: calls started per RATE_LIMIT_WINDOW across every instance",
                "RATE_LIMIT_WINDOW (default 60000; milliseconds >= 1): the window MAX_CALLS_PER_MINUTE is counted over",
                "RATE_LIMIT_BURST (default 10; 1..2147483647): calls that may start back to back after a quiet spell, on top of the rate",
                "DEFAULT_CLIENT_CAP (default 10; 0..1000000): live calls of a client that has no cap of its own (0: such clients may not call)",
                "CLIENT_LIMITS (<clientId>=<cap>[/<callsPerMinute>],...): each client's cap on live calls across its campaigns, and optionally its own rate");
    }

    private static String print(StatefulRedisConnection<String, String> connection, LiveLimits limits) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LimitsCommand.print(connection.sync(), limits, new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String line(String shown, String first) {
        List<String> lines = shown.lines().filter(l -> l.startsWith(first + " ")).toList();
        assertThat(lines).as("a line for %s in%n%s", first, shown).hasSize(1);
        return lines.get(0).stripTrailing();
    }
}
