package com.dialer.launcher.limits;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Callable;

import com.dialer.launcher.stack.StackEndpoints;
import com.dialer.state.RedisConnection;
import com.dialer.state.RedisKeys;
import com.dialer.state.limits.CapValue;
import com.dialer.state.limits.Limits;
import com.dialer.state.limits.LiveLimits;
import com.dialer.state.ratelimit.RateLimit;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./dialer limits}: shows the limits in force on the running stack and changes them live. A
 * change applies to the next reservation and the next release round of every instance; lowering a
 * cap ends no live call. What is in force is printed after every change.
 */
@Command(name = "limits", mixinStandardHelpOptions = true,
        description = {"Show the global rate and every client's and campaign's cap in force on the running stack "
                + "(./dialer up), and change them live.",
                "A client's cap is its live value (set here), else its CLIENT_LIMITS entry, else DEFAULT_CLIENT_CAP; "
                        + "a campaign's cap (concurrencyCap in its settings) bounds it within its client's."})
public final class LimitsCommand implements Callable<Integer> {

    @Option(names = "--state", defaultValue = ".dialer/state.json", description = "state file of the running stack (default: ${DEFAULT-VALUE})")
    Path stateFile;

    @Option(names = "--rate", paramLabel = "N", description = "set the global limit, calls started per minute")
    Integer rate;

    @Option(names = "--burst", paramLabel = "N", description = "set the global limit's burst (with or without --rate)")
    Integer burst;

    @Option(names = "--client", paramLabel = "ID=CAP", split = ",",
            description = "set a client's live cap (0 = no new calls), e.g. --client acme=5,beta=12")
    List<String> clientCaps = new ArrayList<>();

    @Option(names = "--clear-client", paramLabel = "ID", split = ",",
            description = "drop a client's live cap: its configured one (CLIENT_LIMITS, else DEFAULT_CLIENT_CAP) applies again")
    List<String> cleared = new ArrayList<>();

    @Option(names = "--keys", description = "print the configuration keys of the limits (default, bounds, meaning) and exit")
    boolean keys;

    @Override
    public Integer call() throws Exception {
        if (keys) {
            Limits.KEYS.forEach(key -> System.out.println(key.describe()));
            return 0;
        }
        StackEndpoints endpoints;
        try {
            endpoints = StackEndpoints.read(stateFile);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("no running stack: cannot read " + stateFile + " (start one with ./dialer up)", e);
        }
        try (RedisConnection connection = RedisConnection.open("REDIS_URI", endpoints.redisUri())) {
            LiveLimits limits = new LiveLimits(connection.sync(), RedisKeys.standard(), endpoints.configuredLimits());
            apply(limits);
            print(connection.sync(), limits, System.out);
            return 0;
        }
    }

    /** Every change asked for, each checked before any is written. */
    void apply(LiveLimits limits) {
        List<Runnable> changes = new ArrayList<>();
        for (String entry : clientCaps) {
            String[] idAndCap = entry.split("=", 2);
            if (idAndCap.length != 2) {
                throw new IllegalArgumentException("--client " + entry + ": expected ID=CAP");
            }
            String id = idAndCap[0].strip();
            int cap = CapValue.require("--client " + id, idAndCap[1]);
            com.dialer.schemas.IdRule.require("--client id", id);
            changes.add(() -> limits.setClientCap(id, cap));
        }
        for (String id : cleared) {
            com.dialer.schemas.IdRule.require("--clear-client", id.strip());
            changes.add(() -> limits.clearClientCap(id.strip()));
        }
        if (rate != null || burst != null) {
            RateLimit now = limits.globalRate();
            RateLimit next = new RateLimit(rate != null ? rate : now.permits(), now.window(), burst != null ? burst : now.burst());
            changes.add(() -> limits.setGlobalRate(next));
        }
        changes.forEach(Runnable::run);
    }

    static void print(RedisClusterCommands<String, String> redis, LiveLimits limits, PrintStream out) {
        RateLimit rate = limits.globalRate();
        Limits configured = limits.configured();
        out.printf("global rate   %d calls per %d s, burst %d%s%n", rate.permits(), rate.window().toSeconds(), rate.burst(),
                rate.equals(configured.globalRate()) ? " (configured)" : " (live; configured " + configured.globalRate().permits() + ")");
        out.printf("default cap   %d (DEFAULT_CLIENT_CAP)%n", configured.defaultClientCap());
        TreeSet<String> clients = new TreeSet<>(configured.clients().byClient().keySet());
        TreeSet<String> campaigns = new TreeSet<>();
        for (String key : scan(redis, RedisKeys.standard().limits("*") + "*")) {
            String client = key.substring(key.indexOf('{') + 1, key.indexOf('}'));
            clients.add(client);
            int campaignAt = key.indexOf("}:campaign:");
            if (campaignAt > 0) {
                campaigns.add(client + "\t" + key.substring(campaignAt + "}:campaign:".length()));
            }
        }
        for (String key : scan(redis, RedisKeys.standard().slots("*") + "*")) {
            clients.add(key.substring(key.indexOf('{') + 1, key.indexOf('}')));
        }
        out.printf("%nclient                            cap  from            live  rate/min%n");
        for (String id : clients) {
            LiveLimits.ClientCap cap = limits.client(id);
            out.printf("%-32s %4d  %-14s %5d  %s%n", id, cap.cap(), cap.source().name().toLowerCase().replace('_', ' '),
                    cap.liveCalls(), cap.callsPerMinute() == null ? "-" : cap.callsPerMinute());
        }
        if (!campaigns.isEmpty()) {
            out.printf("%ncampaign                          client                            cap  live%n");
            for (String entry : campaigns) {
                String[] clientAndCampaign = entry.split("\t");
                LiveLimits.CampaignCap cap = limits.campaign(clientAndCampaign[0], clientAndCampaign[1], null);
                out.printf("%-32s  %-32s %4s  %4d%n", clientAndCampaign[1], clientAndCampaign[0],
                        cap.cap() == null ? "-" : cap.cap(), cap.liveCalls());
            }
        }
    }

    private static List<String> scan(RedisClusterCommands<String, String> redis, String pattern) {
        List<String> keys = new ArrayList<>();
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = redis.scan(cursor, ScanArgs.Builder.matches(pattern).limit(500));
            keys.addAll(page.getKeys());
            cursor = page;
        } while (!cursor.isFinished() && keys.size() < 100_000);
        return keys;
    }
}
