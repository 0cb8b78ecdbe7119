package com.dialer.launcher.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.dialer.avro.AnswerSettings;
import com.dialer.avro.CampaignSettings;
import com.dialer.avro.Contact;
import com.dialer.avro.MachinePolicy;
import com.dialer.avro.RetryPolicy;
import com.dialer.avro.RetryRule;
import com.dialer.launcher.campaign.CampaignPlan;

/**
 * The demo's campaigns: one per client, the contacts shared out evenly, every number distinct. A
 * few contacts carry a number that is not valid and a few are on the do-not-call list, so every
 * kind of final disposition shows up.
 *
 * @param clients     how many clients (client-1 …), each with one campaign
 * @param campaignCap each campaign's concurrencyCap, or null for none
 * @param contacts    contacts in all
 * @param maxAttempts attempts per contact for busy / no-answer / failed / machine outcomes
 * @param callerIdPools per client, the caller-ID pool its campaign calls from (a client not in it calls from one number)
 * @param endAfter    each campaign's {@code endAt} this long after its plans are made (contacts not finished by then end
 *                    EXPIRED), or null for no end
 */
public record DemoCampaigns(int clients, int contacts, int maxAttempts, Integer campaignCap, Map<String, String> callerIdPools,
                            Duration endAfter) {
    /** One contact in this many has an invalid number, and one in this many is on the DNC list. */
    static final int INVALID_EVERY = 97;
    static final int DNC_EVERY = 101;

    public DemoCampaigns {
        if (clients < 1 || contacts < clients || maxAttempts < 1) {
            throw new IllegalArgumentException("need clients >= 1, contacts >= clients and maxAttempts >= 1");
        }
        if (endAfter != null && !endAfter.isPositive()) {
            throw new IllegalArgumentException("--end-after: must be positive, was " + endAfter);
        }
        callerIdPools = Map.copyOf(callerIdPools);
    }

    public DemoCampaigns(int clients, int contacts, int maxAttempts, Integer campaignCap) {
        this(clients, contacts, maxAttempts, campaignCap, Map.of(), null);
    }

    public DemoCampaigns(int clients, int contacts, int maxAttempts) {
        this(clients, contacts, maxAttempts, null);
    }

    public static String client(int i) {
        return "client-" + i;
    }

    public List<CampaignPlan> plans() {
        Instant endAt = endAfter == null ? null : Instant.now().plus(endAfter);
        List<CampaignPlan> plans = new ArrayList<>();
        int next = 0;
        for (int c = 1; c <= clients; c++) {
            int share = contacts / clients + (c <= contacts % clients ? 1 : 0);
            String campaignId = "demo-" + client(c);
            List<Contact> list = new ArrayList<>(share);
            for (int i = 0; i < share; i++, next++) {
                list.add(Contact.newBuilder().setCampaignId(campaignId).setContactId("contact-" + next)
                        .setPhoneNumber(number(next)).setTimeZone("America/New_York")
                        .setAttributes(Map.of("name", "Customer " + next)).setCreatedAt(Instant.now()).build());
            }
            plans.add(new CampaignPlan(campaignId, client(c), settings(callerIdPools.get(client(c)), endAt), list));
        }
        return plans;
    }

    /** The numbers of the demo that are on the do-not-call list. */
    public List<String> doNotCall() {
        List<String> numbers = new ArrayList<>();
        for (int i = 0; i < contacts; i++) {
            if (i % DNC_EVERY == DNC_EVERY - 1 && i % INVALID_EVERY != INVALID_EVERY - 1) {
                numbers.add(number(i));
            }
        }
        return numbers;
    }

    /** Distinct valid US numbers (NANP 201-2xx-xxxx); every INVALID_EVERY-th is too short to be a number. */
    static String number(int i) {
        return i % INVALID_EVERY == INVALID_EVERY - 1 ? "+1201" + i : String.format("+1201%07d", 2_000_000 + i);
    }

    private CampaignSettings settings(String callerIdPool, Instant endAt) {
        // retries come back soon: the simulator plays calls at a small time scale
        RetryRule retry = RetryRule.newBuilder().setDelaySeconds(2).setMaxAttempts(maxAttempts).build();
        return CampaignSettings.newBuilder()
                .setCallsPerMinute(60_000) // the global limit is the one that binds in the demo
                .setCallerId(callerIdPool == null ? "+12015550100" : "")
                .setCallerIdPool(callerIdPool)
                .setRingTimeoutSeconds(30)
                .setTimeLimitSeconds(300)
                .setConcurrencyCap(campaignCap)
                .setEndAt(endAt)
                .setRetryPolicy(RetryPolicy.newBuilder().setBusy(retry).setNoAnswer(retry).setFailed(retry)
                        .setMachine(retry).build())
                .setAnswer(AnswerSettings.newBuilder().setBotStreamUrl("wss://bot.example.invalid/stream")
                        .setGreeting("Hello from the demo campaign").setMachineDetection(true)
                        .setMachinePolicy(MachinePolicy.HANGUP).build())
                .build();
    }
}
