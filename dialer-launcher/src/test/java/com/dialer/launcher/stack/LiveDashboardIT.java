package com.dialer.launcher.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import javax.imageio.ImageIO;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.dialer.avro.CampaignStatus;
import com.dialer.avro.CampaignSummary;
import com.dialer.launcher.campaign.CampaignFeed;
import com.dialer.launcher.campaign.CampaignPlan;
import com.dialer.launcher.demo.DemoCampaigns;
import com.dialer.schemas.TopicCatalog;
import com.dialer.schemas.TopicProvisioner;
import com.dialer.stack.LocalStack;
import com.dialer.stack.LocalStackExtension;
import com.dialer.state.RedisKeys;
import com.dialer.state.limits.ConfiguredClientLimits;
import com.dialer.state.limits.Limits;
import com.dialer.state.limits.LiveLimits;
import com.dialer.state.ratelimit.RateLimit;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The live campaign page in a real headless Chromium (Debian's chromium and chromium-driver),
 * over a real LiveBoard reading Kafka and Redis: the rendered page shows the campaign, its
 * progress, the client's active calls against its cap and the rate against the limit.
 */
@ExtendWith(LocalStackExtension.class)
class LiveDashboardIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @Test
    void thePageShowsLiveCampaignsClientsAndTheRate(LocalStack stack, @TempDir Path tmp) throws Exception {
        boolean browser = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        // CI installs Chromium (.ci/run); a developer machine without it skips with the reason
        assumeTrue(browser || System.getenv("CI") != null, "no /usr/bin/chromium + /usr/bin/chromedriver: apt-get install chromium chromium-driver");

        String prefix = LocalStack.uniquePrefix("page");
        TopicCatalog topics = TopicCatalog.of(prefix, 1);
        new TopicProvisioner(stack.kafka().admin(), (short) 1).ensure(topics.all());
        RedisKeys keys = new RedisKeys(prefix);
        CampaignPlan plan = new DemoCampaigns(1, 40, 1).plans().getFirst();
        try (CampaignFeed feed = new CampaignFeed(stack.bootstrapServers(), topics)) {
            feed.submit(plan);
        }
        publishSummary(stack, topics, plan, 40, 25);

        RedisClient client = RedisClient.create(stack.redis().uri());
        try (StatefulRedisConnection<String, String> redis = client.connect();
             LiveBoard board = new LiveBoard(redis.sync(), keys, topics, com.dialer.schemas.KafkaClientProperties.of(stack.bootstrapServers()),
                     new LiveLimits(redis.sync(), keys, new Limits(RateLimit.perMinute(1200, 10), 10, ConfiguredClientLimits.NONE)),
                     com.dialer.state.callerid.CallerIdPools.read(Path.of("..", "examples", "caller-id-pools.json")));
             LiveDashboard dashboard = LiveDashboard.start(board, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
            redis.sync().hset(keys.campaignStats(plan.clientId(), plan.campaignId()),
                    Map.of("attempts", "31", "dialing", "2", "ringing", "3", "inProgress", "4"));
            redis.sync().hset(keys.limits(plan.clientId()), "cap", "10");
            // 7 calls today from one of client-1's pool numbers (its day: America/New_York, from its +1201 region)
            redis.sync().hset(keys.callerIdUsage("client-1"), "+12015550110",
                    java.time.LocalDate.now(java.time.ZoneId.of("America/New_York")).toEpochDay() + " 7");
            for (int i = 0; i < 9; i++) {
                redis.sync().zadd(keys.slots(plan.clientId()), Long.MAX_VALUE / 2.0, "attempt-" + i);
            }

            ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless=new",
                    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--window-size=1280,900", "--user-data-dir=" + Files.createDirectories(tmp.resolve("profile")));
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
            ChromeDriver driver = new ChromeDriver(service, options);
            try {
                driver.get(dashboard.url());
                new WebDriverWait(driver, Duration.ofSeconds(20)).until(d ->
                        d.findElement(By.id("campaigns")).getText().contains(plan.campaignId()));
                String campaigns = driver.findElement(By.id("campaigns")).getText();
                assertThat(campaigns).contains(plan.campaignId(), plan.clientId(), "RUNNING", "25 / 40");
                assertThat(driver.findElement(By.id("clients")).getText()).contains(plan.clientId(), "9 / 10");
                assertThat(driver.findElement(By.id("rate")).getText()).contains("/ 1200 per minute");
                assertThat(driver.findElement(By.id("callerids")).getText()).contains("client-1", "demo", "+12015550110", "7 / 400",
                        "+18005550110", "0 (no cap)");

                byte[] png = driver.getScreenshotAs(OutputType.BYTES);
                Files.write(Path.of("target", "live-page.png"), png);
                BufferedImage shot = ImageIO.read(new ByteArrayInputStream(png));
                assertThat(shot.getWidth()).isGreaterThan(600);
                // real content, not a blank page: the progress bars' colours and many distinct colours of text
                assertThat(distinctColours(shot)).isGreaterThan(50);
                assertThat(containsColour(shot, 0x3a7bd5)).as("blue progress bar drawn").isTrue();
                assertThat(containsColour(shot, 0x2f9e6e)).as("green cap bar drawn").isTrue();
            } finally {
                driver.quit();
            }
        } finally {
            client.shutdown();
        }
    }

    private static void publishSummary(LocalStack stack, TopicCatalog topics, CampaignPlan plan, long contacts, long finished) {
        CampaignSummary summary = CampaignSummary.newBuilder().setCampaignId(plan.campaignId()).setClientId(plan.clientId())
                .setStatus(CampaignStatus.RUNNING).setContacts(contacts).setContactsFinished(finished).setAttempts(31)
                .setDispositions(Map.of("ANSWERED", 20L, "BUSY", 5L)).setCreatedAt(Instant.now())
                .setUpdatedAt(Instant.now()).build();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", stack.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topics.campaignSummaries().name(), plan.campaignId(),
                    topics.campaignSummaries().valueSerde().serializer().serialize(topics.campaignSummaries().name(), summary)));
        }
    }

    private static int distinctColours(BufferedImage image) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                colours.add(image.getRGB(x, y) & 0xffffff);
            }
        }
        return colours.size();
    }

    private static boolean containsColour(BufferedImage image, int rgb) {
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xffffff) == rgb) {
                    return true;
                }
            }
        }
        return false;
    }
}
