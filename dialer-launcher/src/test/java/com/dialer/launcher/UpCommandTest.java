package com.dialer.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.dialer.launcher.stack.StackOptions;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** {@code ./dialer up}'s options, checked before anything starts (checkedOptions never starts the stack). */
class UpCommandTest {
    private static final String AUTH_ID = "MAXXXXXXXXXXXXXXXXXX";

    private static UpCommand up(Map<String, String> env, String... args) {
        UpCommand up = new UpCommand();
        new CommandLine(up).parseArgs(args);
        up.environment = env::get;
        return up;
    }

    @Test
    void withoutPlivoOptionsTheSimulatorRunsWithTheDefaultGapAndAFreeBridgePort() throws Exception {
        StackOptions options = up(Map.of()).checkedOptions();

        assertThat(options.plivo()).isInstanceOf(StackOptions.Simulated.class);
        assertThat(options.recipientMinGap()).isEqualTo(Duration.ofHours(1));
        assertThat(options.bridgePort()).isZero();
    }

    @Test
    void theBridgePortAndTheRecipientGapAreTakenAsGiven() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        StackOptions options = up(Map.of(), "--bridge-port", Integer.toString(port), "--recipient-gap", "90s").checkedOptions();

        assertThat(options.bridgePort()).isEqualTo(port);
        assertThat(options.recipientMinGap()).isEqualTo(Duration.ofSeconds(90));
        assertThat(up(Map.of(), "--recipient-gap", "PT1H30M").checkedOptions().recipientMinGap()).isEqualTo(Duration.ofMinutes(90));
        assertThat(up(Map.of(), "--recipient-gap", "0").checkedOptions().recipientMinGap()).isZero();
    }

    @Test
    void aBridgePortInUseIsRefusedBeforeAnythingStarts() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            UpCommand up = up(Map.of(), "--bridge-port", Integer.toString(taken.getLocalPort()));

            assertThatThrownBy(up::checkedOptions).isInstanceOf(ParameterException.class).hasMessageContaining("in use");
        }
    }

    @Test
    void theCallerIdPoolsFileGoesToTheExecutorAndABadOneIsRefusedNamingTheKeyAndTheEntry(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path example = java.nio.file.Path.of("..", "examples", "caller-id-pools.json");
        assertThat(up(Map.of(), "--caller-id-pools", example.toString()).checkedOptions().callerIdPools()).isEqualTo(example);
        java.nio.file.Path bad = java.nio.file.Files.writeString(dir.resolve("pools.json"),
                "{\"acme\": {\"local\": [{\"number\": \"+12015550100\", \"dailyCap\": \"ten\"}]}}");

        assertThatThrownBy(() -> up(Map.of(), "--caller-id-pools", bad.toString()).checkedOptions())
                .isInstanceOf(ParameterException.class).hasMessageStartingWith("CALLER_ID_POOLS_FILE: acme/local[0].dailyCap");
    }

    @Test
    void aRecipientGapThatIsNoDurationIsRefusedWithTheShapesItTakes() {
        assertThatThrownBy(() -> up(Map.of(), "--recipient-gap", "an hour"))
                .isInstanceOf(ParameterException.class).hasMessageContaining("90s");
    }

    @Test
    void aPlivoUrlWithoutV1IsRefusedBeforeAnythingStarts() {
        UpCommand up = up(Map.of("PLIVO_AUTH_TOKEN", "t"), "--plivo-url", "https://api.example.com/", "--plivo-auth-id", AUTH_ID);

        assertThatThrownBy(up::checkedOptions).isInstanceOf(ParameterException.class)
                .hasMessageContaining("--plivo-url").hasMessageContaining("/v1/");
    }

    @Test
    void anAuthIdNotShapedLikePlivosIsRefusedWithTheShape() {
        UpCommand up = up(Map.of("PLIVO_AUTH_TOKEN", "t"), "--plivo-url", "https://api.example.com/v1/", "--plivo-auth-id", "acme");

        assertThatThrownBy(up::checkedOptions).isInstanceOf(ParameterException.class)
                .hasMessageContaining("--plivo-auth-id").hasMessageContaining("MA or SA");
    }

    @Test
    void theAuthTokenOnTheCommandLineIsRefusedPointingAtTheEnvironmentAndTheFile() {
        UpCommand up = up(Map.of(), "--plivo-auth-id", AUTH_ID, "--plivo-auth-token", "s3cret");

        assertThatThrownBy(up::checkedOptions).isInstanceOf(ParameterException.class)
                .hasMessageContaining("PLIVO_AUTH_TOKEN").hasMessageContaining("--plivo-auth-token-file")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void theAuthTokenComesFromTheEnvironmentOrAFile(@TempDir Path dir) throws Exception {
        StackOptions fromEnv = up(Map.of("PLIVO_AUTH_ID", AUTH_ID, "PLIVO_AUTH_TOKEN", "env-token"),
                "--plivo-url", "https://api.example.com/v1/").checkedOptions();
        Path file = Files.writeString(dir.resolve("token"), "file-token\n");
        StackOptions fromFile = up(Map.of(), "--plivo-auth-id", AUTH_ID, "--plivo-auth-token-file", file.toString()).checkedOptions();

        assertThat(((StackOptions.Remote) fromEnv.plivo()).authToken()).isEqualTo("env-token");
        assertThat(((StackOptions.Remote) fromEnv.plivo()).authId()).isEqualTo(AUTH_ID);
        assertThat(((StackOptions.Remote) fromFile.plivo()).authToken()).isEqualTo("file-token");
        assertThat(((StackOptions.Remote) fromFile.plivo()).apiUrl()).isNull();
    }

    @Test
    void aRealPlivoWithoutATokenIsRefusedNamingBothWays() {
        UpCommand up = up(Map.of(), "--plivo-auth-id", AUTH_ID);

        assertThatThrownBy(up::checkedOptions).isInstanceOf(ParameterException.class)
                .hasMessageContaining("PLIVO_AUTH_TOKEN").hasMessageContaining("--plivo-auth-token-file");
    }

    @Test
    void withoutExternalServicesEveryPartIsEmbedded() throws Exception {
        assertThat(up(Map.of()).checkedOptions().external().parts())
                .isEqualTo(Map.of("kafka", "embedded", "redis", "embedded", "mongodb", "embedded"));
    }

    @Test
    void eachExternalServiceGivenReplacesItsEmbeddedPart(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("kafka.properties"), "security.protocol=SSL\nssl.truststore.password=s3cret\n");
        StackOptions options = up(Map.of(), "--kafka-bootstrap", "k1:9093,k2:9093", "--kafka-config", config.toString(),
                "--redis-uri", "redis://:pw@redis.example:6379/0").checkedOptions();

        assertThat(options.external().parts()).containsEntry("kafka", "external").containsEntry("redis", "external")
                .containsEntry("mongodb", "embedded");
        assertThat(options.external().kafka().overrides()).containsEntry("security.protocol", "SSL");
        assertThat(options.external().kafka().bootstrapServers()).isEqualTo("k1:9093,k2:9093");
        assertThat(options.external().toString()).doesNotContain("pw@").doesNotContain("s3cret");
    }

    @Test
    void aKafkaConfigThatBreaksAPromiseIsRefusedBeforeAnythingStarts(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("kafka.properties"), "acks=1\n");

        assertThatThrownBy(up(Map.of(), "--kafka-bootstrap", "k1:9093", "--kafka-config", config.toString())::checkedOptions)
                .isInstanceOf(ParameterException.class).hasMessageContaining("KAFKA_CONFIG_FILE").hasMessageContaining("acks");
    }

    @Test
    void badExternalServiceOptionsAreRefusedNamingTheOption(@TempDir Path dir) throws Exception {
        assertThatThrownBy(up(Map.of(), "--kafka-bootstrap", "no-port")::checkedOptions)
                .isInstanceOf(ParameterException.class).hasMessageStartingWith("--kafka-bootstrap");
        assertThatThrownBy(up(Map.of(), "--kafka-config", dir.resolve("x.properties").toString())::checkedOptions)
                .isInstanceOf(ParameterException.class).hasMessageStartingWith("--kafka-config");
        assertThatThrownBy(up(Map.of(), "--redis-uri", "http://redis:6379")::checkedOptions)
                .isInstanceOf(ParameterException.class).hasMessageStartingWith("--redis-uri");
        // a Sentinel URI must name its master; a cluster's seeds are enough
        assertThatThrownBy(up(Map.of(), "--redis-uri", "redis-sentinel://:secret@s1:26379,s2:26379/0")::checkedOptions)
                .isInstanceOf(ParameterException.class).hasMessageStartingWith("--redis-uri").hasMessageNotContaining("secret");
        assertThat(up(Map.of(), "--redis-uri", "redis-cluster://h1:7000,h2:7001").checkedOptions()).isNotNull();
        assertThatThrownBy(up(Map.of(), "--mongodb-uri", "redis://:secret@m:1")::checkedOptions)
                .isInstanceOf(ParameterException.class).hasMessageStartingWith("--mongodb-uri").hasMessageNotContaining("secret");
    }

    @Test
    void anEnvFileReachesTheStackAndABadOneIsRefusedNamingTheOption(@TempDir Path dir) throws Exception {
        Path env = Files.writeString(dir.resolve("dialer.env"), "CLIENT_HOLIDAYS=acme=2026-12-25\n");
        assertThat(up(Map.of(), "--env-file", env.toString()).checkedOptions().settings().keys())
                .containsEntry("CLIENT_HOLIDAYS", "acme=2026-12-25");
        assertThat(up(Map.of()).checkedOptions().settings().keys()).isEmpty();
        Path owned = Files.writeString(dir.resolve("owned.env"), "MONGODB_URI=mongodb://m:27017\n");
        assertThatThrownBy(up(Map.of(), "--env-file", owned.toString())::checkedOptions)
                .isInstanceOf(ParameterException.class).hasMessageStartingWith("--env-file").hasMessageContaining("--mongodb-uri");
    }

    @Test
    void plivoAccountsReachTheStackAndClientAccountsAloneAreRefused(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("accounts.properties"), "acme.authId=MAACMEACMEACMEACME01\nacme.authToken=t\n");
        StackOptions.Accounts accounts = up(Map.of(), "--accounts", file.toString(), "--client-accounts", "acme=acme")
                .checkedOptions().accounts();
        assertThat(accounts.file()).isEqualTo(file);
        assertThat(accounts.clientAccounts()).isEqualTo("acme=acme");
        assertThat(up(Map.of()).checkedOptions().accounts()).isEqualTo(StackOptions.Accounts.NONE);
        assertThatThrownBy(up(Map.of(), "--client-accounts", "acme=acme")::checkedOptions)
                .isInstanceOf(ParameterException.class).hasMessageStartingWith("--client-accounts");
        assertThatThrownBy(up(Map.of(), "--accounts", dir.resolve("missing").toString())::checkedOptions)
                .isInstanceOf(ParameterException.class).hasMessageStartingWith("--accounts");
    }

    @Test
    void theHelpDocumentsTheExternalServiceFlags() {
        String help = new CommandLine(new UpCommand()).getUsageMessage();
        assertThat(help).contains("--kafka-bootstrap=HOST:PORT", "--kafka-config=FILE", "--redis-uri=URI", "--mongodb-uri=URI",
                "instead of the embedded", "--env-file=FILE");
        assertThat(new CommandLine(new com.dialer.launcher.demo.DemoCommand()).getUsageMessage())
                .contains("--kafka-bootstrap=HOST:PORT", "--kafka-config=FILE", "--redis-uri=URI", "--mongodb-uri=URI", "--env-file=FILE");
    }
}
