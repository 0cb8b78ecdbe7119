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
 * The campaigns of one scenario: each client's campaigns with their own caps (null: none; some above,
 * some below the client's), the contacts shared out in proportion to what each campaign may run at once,
 * so every campaign is busy to the end; every number distinct; retries on for busy, no answer, failure and machines; a few numbers invalid and a few
 * on the do-not-call list, so every kind of final disposition occurs. Ring timeout and time limit
 * are short: they bound every slot lease and the reaper's deadline, so a call whose callbacks were
 * lost is settled within seconds, not hours.
 *
 * @param name               a prefix of the campaign ids
 * @param campaignCaps       each client (with its cap) and the concurrencyCap of each of its campaigns
 * @param contacts           contacts in all
 * @param maxAttempts        attempts per contact for busy / no-answer / failed / machine outcomes
 * @param ringTimeoutSeconds ring timeout passed to Plivo
 * @param timeLimitSeconds   time limit passed to Plivo
 */
public record CampaignMix(String name, Map<String, ClientCampaigns> campaignCaps, int contacts, int maxAttempts,
                          int ringTimeoutSeconds, int timeLimitSeconds) {

    /** A client's cap and its campaigns' own caps (null: none). */
    public record ClientCampaigns(int clientCap, List<Integer> campaignCaps) {
        public ClientCampaigns {
            campaignCaps = java.util.Collections.unmodifiableList(new ArrayList<>(campaignCaps));
        }

        /** What one campaign may run at once: its cap within its client's. */
        int room(int campaign) {
            Integer cap = campaignCaps.get(campaign);
            return cap == null ? clientCap : Math.min(cap, clientCap);
        }
    }
    static final int INVALID_EVERY = 97;
    static final int DNC_EVERY = 101;

    public CampaignMix {
        campaignCaps = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(campaignCaps));
        int campaigns = campaignCaps.values().stream().mapToInt(c -> c.campaignCaps().size()).sum();
        if (campaigns == 0 || contacts < campaigns || maxAttempts < 1) {
            throw new IllegalArgumentException("need a campaign, contacts >= campaigns and maxAttempts >= 1");
        }
    }

    public List<String> clients() {
        return List.copyOf(campaignCaps.keySet());
    }

    public List<CampaignPlan> plans() {
        // each campaign's share of the contacts: its room among all the room there is, so none finishes long after the rest
        record Slot(String client, int index, Integer cap, double weight) {
        }
        List<Slot> slots = new ArrayList<>();
        campaignCaps.forEach((client, c) -> {
            int clientRoom = 0;
            for (int i = 0; i < c.campaignCaps().size(); i++) {
                clientRoom += c.room(i);
            }
            for (int i = 0; i < c.campaignCaps().size(); i++) {
                // a client's campaigns share its cap: each weighs its part of the client's cap
                slots.add(new Slot(client, i, c.campaignCaps().get(i), c.clientCap() * (double) c.room(i) / clientRoom));
            }
        });
        double total = slots.stream().mapToDouble(Slot::weight).sum();
        List<CampaignPlan> plans = new ArrayList<>();
        int next = 0;
        for (int s = 0; s < slots.size(); s++) {
            Slot slot = slots.get(s);
            int share = s == slots.size() - 1 ? contacts - next
                    : Math.max(1, (int) Math.round(contacts * slot.weight() / total));
            String campaignId = name + "-" + slot.client() + "-" + (char) ('a' + slot.index());
            List<Contact> list = new ArrayList<>(share);
            for (int i = 0; i < share; i++, next++) {
                list.add(Contact.newBuilder().setCampaignId(campaignId).setContactId("contact-" + next)
                        .setPhoneNumber(number(next)).setTimeZone("America/New_York")
                        .setAttributes(Map.of("name", "Customer " + next)).setCreatedAt(Instant.now()).build());
            }
            plans.add(new CampaignPlan(campaignId, slot.client(), settings(slot.cap()), list));
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

    private CampaignSettings settings(Integer concurrencyCap) {
        RetryRule retry = RetryRule.newBuilder().setDelaySeconds(1).setMaxAttempts(maxAttempts).build();
        return CampaignSettings.newBuilder()
                .setCallsPerMinute(60_000) // the global limit is the one that binds
                .setCallerId("+12015550100")
                .setRingTimeoutSeconds(ringTimeoutSeconds)
                .setTimeLimitSeconds(timeLimitSeconds)
                .setConcurrencyCap(concurrencyCap)
                .setRetryPolicy(RetryPolicy.newBuilder().setBusy(retry).setNoAnswer(retry).setFailed(retry)
                        .setMachine(retry).build())
                .setAnswer(AnswerSettings.newBuilder().setBotStreamUrl("wss://bot.example.invalid/stream")
                        .setGreeting("Hello from the reliability suite").setMachineDetection(true)
                        .setMachinePolicy(MachinePolicy.HANGUP).build())
                .build();
    }
}
