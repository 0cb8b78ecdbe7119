package com.dialer.launcher.campaign;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;

import com.dialer.avro.CommandType;
import com.dialer.launcher.stack.DialerStack;
import com.dialer.launcher.stack.StackEndpoints;
import com.dialer.schemas.TopicCatalog;
import com.dialer.state.RedisConnection;
import com.dialer.state.RedisKeys;
import com.dialer.state.reads.CampaignView;
import com.dialer.state.reads.Read;
import com.dialer.state.reads.TieredReadConfig;
import com.dialer.state.reads.TieredReader;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./dialer campaign ...}: submit, pause, resume, cancel and read campaigns of a running stack. */
@Command(name = "campaign", mixinStandardHelpOptions = true,
        description = "Work with the campaigns of a running stack (./dialer up): submit, pause, resume, cancel, status.")
public final class CampaignCli {

    @Option(names = "--state", defaultValue = ".dialer/state.json", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "state file of the running stack (default: ${DEFAULT-VALUE})")
    Path stateFile;

    private static final String CAMPAIGN_ID = "the campaign's id (campaignId in its file)";
    private static final String CLIENT_ID = "the client the campaign belongs to (clientId in its file)";

    private StackEndpoints endpoints() throws Exception {
        try {
            return StackEndpoints.read(stateFile);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("no running stack: cannot read " + stateFile + " (start one with ./dialer up)");
        }
    }

    private CampaignFeed feed() throws Exception {
        StackEndpoints e = endpoints();
        return new CampaignFeed(e.kafka(), TopicCatalog.of(e.topicPrefix(), e.partitions()));
    }

    @Command(name = "submit", mixinStandardHelpOptions = true,
            description = "Publish a campaign file: JSON settings with the contacts inline (\"contacts\": [...]) or in a CSV "
                    + "file beside it (\"contactsCsv\": \"contacts.csv\", header contactId,phoneNumber[,timeZone][,defaultRegion]). "
                    + "Nothing is published from a file with an error in it. Example: examples/campaign.json.")
    int submit(@Parameters(paramLabel = "FILE", description = "the campaign file (JSON)") Path file) throws Exception {
        CampaignFile campaign = CampaignFile.open(file);
        // the whole file is read once before anything is published: an error on its last line publishes nothing
        campaign.check();
        long published;
        try (CampaignFeed feed = feed()) {
            published = feed.submit(campaign);
        }
        System.out.printf("submitted %s for %s: %d contacts%n", campaign.campaignId(), campaign.clientId(), published);
        return 0;
    }

    @Command(name = "pause", mixinStandardHelpOptions = true,
            description = "Stop releasing calls of a campaign at once; calls already placed run to their end.")
    int pause(@Parameters(paramLabel = "ID", description = CAMPAIGN_ID) String campaignId,
              @Option(names = "--client", required = true, description = CLIENT_ID) String clientId)
            throws Exception {
        return command(CommandType.PAUSE, campaignId, clientId);
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, description = "Resume a paused campaign.")
    int resume(@Parameters(paramLabel = "ID", description = CAMPAIGN_ID) String campaignId,
               @Option(names = "--client", required = true, description = CLIENT_ID) String clientId)
            throws Exception {
        return command(CommandType.RESUME, campaignId, clientId);
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true,
            description = "Cancel a campaign: every pending contact ends as cancelled.")
    int cancel(@Parameters(paramLabel = "ID", description = CAMPAIGN_ID) String campaignId,
               @Option(names = "--client", required = true, description = CLIENT_ID) String clientId)
            throws Exception {
        return command(CommandType.CANCEL, campaignId, clientId);
    }

    private int command(CommandType type, String campaignId, String clientId) throws Exception {
        try (CampaignFeed feed = feed()) {
            feed.command(type, campaignId, clientId, "./dialer campaign " + type.name().toLowerCase());
        }
        System.out.printf("%s sent to %s%n", type, campaignId);
        return 0;
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Print a campaign's live counters (Redis) or archived summary (MongoDB) as JSON, through the "
                    + "tiered reader; \"tier\" says which answered, \"status\" is RUNNING, PAUSED, COMPLETED (every contact "
                    + "has a final disposition) or CANCELLED once the scheduler's first summary is archived.",
            exitCodeListHeading = "Exit codes:%n",
            exitCodeList = {"0:the campaign was read (with --wait: it COMPLETED)", "1:no such campaign, or no running stack",
                    "3:with --wait: the campaign was CANCELLED", "4:with --wait: --timeout passed first"})
    int status(@Parameters(paramLabel = "ID", description = CAMPAIGN_ID) String campaignId,
               @Option(names = "--client", required = true, description = CLIENT_ID) String clientId,
               @Option(names = "--wait", description = "block until the campaign ends (COMPLETED or CANCELLED), then print it")
               boolean wait,
               @Option(names = "--timeout", paramLabel = "DURATION", converter = com.dialer.launcher.DurationConverter.class,
                       description = "with --wait: give up after this long, e.g. 10m (default: wait as long as it takes)")
               Duration timeout) throws Exception {
        StackEndpoints e = endpoints();
        try (RedisConnection redis = RedisConnection.open("REDIS_URI", e.redisUri());
             MongoClient mongo = MongoClients.create(e.mongoUri())) {
            TieredReader reader = new TieredReader(redis.sync(), mongo.getDatabase(DialerStack.DATABASE), RedisKeys.standard(),
                    new TieredReadConfig(Duration.ofMinutes(5), Duration.ofDays(30), 100), Clock.systemUTC());
            long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
            Optional<Read<CampaignView>> read = reader.campaign(clientId, campaignId);
            // a campaign just submitted may not be in either tier yet: while waiting, absence is not an answer
            while (wait && (read.isEmpty() || !read.get().value().ended()) && System.nanoTime() < deadline) {
                Thread.sleep(WAIT_POLL.toMillis());
                read = reader.campaign(clientId, campaignId);
            }
            if (read.isEmpty()) {
                System.err.printf("no campaign %s for client %s%n", campaignId, clientId);
                return wait ? 4 : 1;
            }
            java.util.Map<String, Object> campaign = new java.util.LinkedHashMap<>();
            // times as ISO-8601, as the query API writes them
            read.get().value().toMap().forEach((k, v) -> campaign.put(k, v instanceof java.time.Instant t ? t.toString() : v));
            System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(java.util.Map.of("tier", read.get().tier().toString(), "campaign", campaign)));
            if (!wait) {
                return 0;
            }
            CampaignView view = read.get().value();
            return !view.ended() ? 4 : "CANCELLED".equals(view.status()) ? 3 : 0;
        }
    }

    /** How often --wait reads: the scheduler's summaries come every few seconds, a read costs a millisecond. */
    private static final Duration WAIT_POLL = Duration.ofSeconds(1);
}
