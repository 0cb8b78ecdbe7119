package com.dialer.chaos;

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
 * The campaigns of one scenario: one per client, the contacts shared out evenly, every number
 * distinct; retries on for busy, no answer, failure and machines; a few numbers invalid and a few
 * on the do-not-call list, so every kind of final disposition occurs. Ring timeout and time limit
 * are short: they bound every slot lease and the reaper's deadline, so a call whose callbacks were
 * lost is settled within seconds, not hours.
 *
 * @param name               a prefix of the campaign ids
 * @param clients            the clients, each with one campaign
 * @param contacts           contacts in all
 * @param maxAttempts        attempts per contact for busy / no-answer / failed / machine outcomes
 * @param ringTimeoutSeconds ring timeout passed to Plivo
 * @param timeLimitSeconds   time limit passed to Plivo
 */
public record CampaignMix(String name, List<String> clients, int contacts, int maxAttempts, int ringTimeoutSeconds,
                          int timeLimitSeconds) {
    static final int INVALID_EVERY = 97;
    static final int DNC_EVERY = 101;

    public CampaignMix {
        clients = List.copyOf(clients);
        if (clients.isEmpty() || contacts < clients.size() || maxAttempts < 1) {
            throw new IllegalArgumentException("need a client, contacts >= clients and maxAttempts >= 1");
        }
    }

    public List<CampaignPlan> plans() {
        List<CampaignPlan> plans = new ArrayList<>();
        int next = 0;
        for (int c = 0; c < clients.size(); c++) {
            int share = contacts / clients.size() + (c < contacts % clients.size() ? 1 : 0);
            String campaignId = name + "-" + clients.get(c);
            List<Contact> list = new ArrayList<>(share);
            for (int i = 0; i < share; i++, next++) {
                list.add(Contact.newBuilder().setCampaignId(campaignId).setContactId("contact-" + next)
                        .setPhoneNumber(number(next)).setTimeZone("America/New_York")
                        .setAttributes(Map.of("name", "Customer " + next)).setCreatedAt(Instant.now()).build());
            }
            plans.add(new CampaignPlan(campaignId, clients.get(c), settings(), list));
        }
        return plans;
    }

    public List<String> campaignIds() {
        return plans().stream().map(CampaignPlan::campaignId).toList();
    }

    /** The numbers on the do-not-call list (for every client). */
    public List<String> doNotCall() {
        List<String> numbers = new ArrayList<>();
        for (int i = 0; i < contacts; i++) {
            if (i % DNC_EVERY == DNC_EVERY - 1 && i % INVALID_EVERY != INVALID_EVERY - 1) {
                numbers.add(number(i));
            }
        }
        return numbers;
    }

    /** How many contacts have a number that is not valid (they end INVALID). */
    public long invalidNumbers() {
        return contacts / INVALID_EVERY;
    }

    /** Distinct valid US numbers; every INVALID_EVERY-th is too short to be one. */
    static String number(int i) {
        return i % INVALID_EVERY == INVALID_EVERY - 1 ? "+1201" + i : String.format("+1201%07d", 2_000_000 + i);
    }

    private CampaignSettings settings() {
        RetryRule retry = RetryRule.newBuilder().setDelaySeconds(1).setMaxAttempts(maxAttempts).build();
        return CampaignSettings.newBuilder()
                .setCallsPerMinute(60_000) // the global limit is the one that binds
                .setCallerId("+12015550100")
                .setRingTimeoutSeconds(ringTimeoutSeconds)
                .setTimeLimitSeconds(timeLimitSeconds)
                .setRetryPolicy(RetryPolicy.newBuilder().setBusy(retry).setNoAnswer(retry).setFailed(retry)
                        .setMachine(retry).build())
                .setAnswer(AnswerSettings.newBuilder().setBotStreamUrl("wss://bot.example.invalid/stream")
                        .setGreeting("Hello from the reliability suite").setMachineDetection(true)
                        .setMachinePolicy(MachinePolicy.HANGUP).build())
                .build();
    }
}
