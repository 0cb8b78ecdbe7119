package com.dialer.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.bson.Document;

import com.dialer.avro.Contact;
import com.dialer.launcher.campaign.CampaignFeed;
import com.dialer.launcher.campaign.CampaignPlan;
import com.dialer.launcher.demo.DemoReport;
import com.dialer.plivosim.Witness;
import com.dialer.state.RedisLayout;
import com.mongodb.client.model.Projections;

/**
 * A deploy of version N+1 ({@link NextVersion}) mid-campaign: once the campaign is under way, every service of
 * the pipeline is replaced by its N+1 build, one at a time, each new instance ready before the next is stopped, in
 * one of two orders. Once the last is ready, a second, smaller campaign (the wave) is published, so that there are
 * calls placed entirely by N+1 whatever the campaign's pace. At the end, beside every promise of {@link ScenarioRun}
 * and no record in any DLQ (old readers met N+1 records and new readers old ones, in both orders):
 * <ul>
 *   <li>every call dialed after the deploy is archived with the N+1 field, stamped by the N+1 executor and the N+1
 *       status-processor's new processor; every call of the wave also by the N+1 scheduler (the field went
 *       DialRequest → CallEvent → CallRecord → MongoDB). Left out: a call whose record went out on a callback that
 *       reached the status-processor before the executor's DIALING event (the record then holds nothing the executor
 *       says, no {@code dialedAt} either);</li>
 *   <li>no call dialed by the N executor carries the executor's stamp;</li>
 *   <li>producers first: some calls were dialed by the N+1 executor while the N status-processor ran (it read their
 *       N+1 call events);</li>
 *   <li>Redis knows the N+1 reserve script (an N+1 executor reserved with it) and every live instance still announces
 *       layout {@link RedisLayout#VERSION}: the script's change is not a layout change.</li>
 * </ul>
 */
public final class RollingUpgrade {
    /** The two orders of a deploy. */
    public enum Order {
        PRODUCERS_FIRST("producers-first", List.of(Service.SCHEDULER, Service.EXECUTOR, Service.WEBHOOK_BRIDGE,
                Service.STATUS_PROCESSOR, Service.CONNECT_WORKER)),
        CONSUMERS_FIRST("consumers-first", List.of(Service.CONNECT_WORKER, Service.STATUS_PROCESSOR, Service.WEBHOOK_BRIDGE,
                Service.EXECUTOR, Service.SCHEDULER));

        private final String id;
        private final List<Service> services;

        Order(String id, List<Service> services) {
            this.id = id;
            this.services = services;
        }

        public String id() {
            return id;
        }

        public List<Service> services() {
            return services;
        }
    }

    /** One service's switch: the old instance asked to stop, the new one started, the new one ready (epoch ms). */
    record Switch(Service service, long stopAt, long startAt, long readyAt) {
    }

    /** The wave's numbers: apart from the campaign's, with the same invalid and do-not-call positions. */
    private static final int WAVE_NUMBER_OFFSET = CampaignMix.INVALID_EVERY * CampaignMix.DNC_EVERY * 100;
    private static final Duration READY_WITHIN = Duration.ofSeconds(300);

    private final Order order;
    private final CampaignMix wave;
    private final int strikeAtDials;
    private final List<Switch> switches = new CopyOnWriteArrayList<>();
    private NextVersion next;
    private Thread rollout;
    private volatile Throwable failure;

    /**
     * @param strikeAtDials the deploy starts once the simulator has seen this many dials
     * @param wave          the campaign published once every service runs N+1
     */
    public RollingUpgrade(Order order, int strikeAtDials, CampaignMix wave) {
        this.order = order;
        this.strikeAtDials = strikeAtDials;
        this.wave = wave;
    }

    public String name() {
        return "upgrade to N+1, " + order.id().replace('-', ' ') + ": "
                + String.join(", ", order.services().stream().map(Service::id).toList());
    }

    public Order order() {
        return order;
    }

    int extraContacts() {
        return wave.contacts();
    }

    /** Builds N+1 (before the campaign: compiling takes a while) and starts the deploy's own thread. */
    void start(ProcessStack stack) {
        next = NextVersion.build(stack.workDir().getParent().resolve("next-version"));
        rollout = Thread.ofPlatform().name("rolling-upgrade").daemon().start(() -> {
            try {
                deploy(stack);
            } catch (Throwable t) {
                failure = t;
                Fault.LOG.error("the deploy of N+1 failed", t);
            }
        });
    }

    private void deploy(ProcessStack stack) throws InterruptedException {
        long giveUp = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (stack.simulator().stats().dials() < strikeAtDials && System.nanoTime() < giveUp) {
            Thread.sleep(100);
        }
        Fault.LOG.info("deploy of N+1 ({}) at {} dials", order.id(), stack.simulator().stats().dials());
        for (Service service : order.services()) {
            long stopAt = System.currentTimeMillis();
            List<ServiceProcess> processes = stack.deploy(service, List.of(next.jar()), "next", READY_WITHIN);
            switches.add(new Switch(service, stopAt, stopAt, System.currentTimeMillis()));
            Fault.LOG.info("{} runs N+1 (pids {}) at {} dials", service.id(), processes.stream().map(ServiceProcess::pid).toList(),
                    stack.simulator().stats().dials());
        }
        try (CampaignFeed feed = new CampaignFeed(stack.infrastructure().bootstrapServers(), stack.topics())) {
            wavePlans().forEach(feed::submit);
        }
        Fault.LOG.info("every service runs N+1; the wave of {} contacts published", wave.contacts());
    }

    /** The wave's campaigns, their numbers moved apart from the campaign's. */
    List<CampaignPlan> wavePlans() {
        List<CampaignPlan> plans = new ArrayList<>();
        for (CampaignPlan plan : wave.plans()) {
            List<Contact> contacts = new ArrayList<>();
            for (Contact c : plan.contacts()) {
                int i = Integer.parseInt(c.getContactId().substring("contact-".length()));
                contacts.add(Contact.newBuilder(c).setPhoneNumber(CampaignMix.number(i + WAVE_NUMBER_OFFSET)).build());
            }
            plans.add(new CampaignPlan(plan.campaignId(), plan.clientId(), plan.settings(), contacts));
        }
        return plans;
    }

    /** Called once the campaigns have ended: the deploy is over by then (the wave came after it). */
    void finish() {
        try {
            rollout.join(Duration.ofMinutes(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            throw new IllegalStateException("the deploy of N+1 failed: " + failure, failure);
        }
        Fault.LOG.info("deploy of N+1 ({}): {}", order.id(), timeline());
    }

    List<String> check(ProcessStack stack, DemoReport report) {
        List<String> broken = new ArrayList<>();
        if (switches.size() != order.services().size()) {
            broken.add("every service upgraded: " + switches.size() + " of " + order.services().size());
            return broken;
        }
        Map<String, Long> firstDial = new HashMap<>();
        for (Witness.Dial dial : stack.simulator().witness().dials()) {
            if (dial.attemptId() != null) {
                firstDial.merge(dial.attemptId(), dial.atEpochMillis(), Math::min);
            }
        }
        Switch executor = switchOf(Service.EXECUTOR);
        Switch status = switchOf(Service.STATUS_PROCESSOR);
        long deployed = switches.get(switches.size() - 1).readyAt();
        long afterDeploy = 0;
        long afterDeployMissing = 0;
        long waveCalls = 0;
        long waveMissing = 0;
        long oldExecutorStamped = 0;
        long withField = 0;
        long beforeExecutorEvent = 0;
        List<String> examples = new ArrayList<>();
        for (Document doc : stack.archive().getCollection("calls").find().projection(Projections.include("campaignId", "dialedAt", NextVersion.FIELD))) {
            String id = doc.getString("_id");
            String trail = doc.getString(NextVersion.FIELD);
            withField += trail == null ? 0 : 1;
            Long dialedAt = firstDial.get(id);
            if (dialedAt != null && doc.get("dialedAt") == null) {
                // its record went out on a callback that beat the executor's DIALING event to the status-processor:
                // nothing the executor says is in it (no dialedAt either), so neither is the executor's trail
                beforeExecutorEvent++;
                continue;
            }
            boolean fullChain = trail != null && trail.contains(NextVersion.EXECUTOR_MARK) && trail.contains(NextVersion.STATUS_MARK);
            if (dialedAt != null && dialedAt > deployed) {
                afterDeploy++;
                if (!fullChain) {
                    afterDeployMissing++;
                    if (examples.size() < 3) {
                        examples.add(id + " trail=" + trail);
                    }
                }
            }
            if (dialedAt != null && dialedAt < executor.stopAt() && trail != null && trail.contains(NextVersion.EXECUTOR_MARK)) {
                oldExecutorStamped++;
            }
            if (doc.getString("campaignId").startsWith(wave.name() + "-") && dialedAt != null) {
                waveCalls++;
                if (!fullChain || !trail.contains(NextVersion.SCHEDULER_MARK)) {
                    waveMissing++;
                    if (examples.size() < 6) {
                        examples.add(id + " trail=" + trail);
                    }
                }
            }
        }
        long newEventsMetOldReader = firstDial.values().stream()
                .filter(t -> t > executor.readyAt() && t < status.stopAt()).count();
        Fault.LOG.info("{}: {} archived calls carry {}; {} dialed after the deploy, {} of the wave; {} dialed by the N+1 executor "
                        + "before the status-processor's switch; {} records emitted before the executor's first event (left out)",
                order.id(), withField, NextVersion.FIELD, afterDeploy, waveCalls, newEventsMetOldReader, beforeExecutorEvent);
        if (afterDeploy == 0 || waveCalls == 0) {
            broken.add("calls placed after the switch: " + afterDeploy + " dialed after the deploy, " + waveCalls + " of the wave");
        }
        if (afterDeployMissing > 0 || waveMissing > 0) {
            broken.add("the archive holds " + NextVersion.FIELD + " for calls placed after the switch: " + afterDeployMissing + " of "
                    + afterDeploy + " dialed after the deploy and " + waveMissing + " of " + waveCalls
                    + " wave calls lack the N+1 trail, e.g. " + examples);
        }
        if (oldExecutorStamped > 0) {
            broken.add("no N+1 mark on calls the N executor dialed: " + oldExecutorStamped + " have one");
        }
        if (order == Order.PRODUCERS_FIRST && newEventsMetOldReader == 0) {
            broken.add("producers first proves old readers read N+1 records: no call was dialed by the N+1 executor while the "
                    + "N status-processor ran (the campaign ended too soon)");
        }
        if (!stack.redis().sync().scriptExists(next.reserveScriptSha()).get(0)) {
            broken.add("the N+1 executor reserved with the N+1 reserve-slot.lua: Redis does not know its SHA " + next.reserveScriptSha());
        }
        int oldest = RedisLayout.oldestInUse(stack.redis(), com.dialer.state.RedisKeys.standard());
        if (oldest != RedisLayout.VERSION) {
            broken.add("the N+1 reserve script keeps the Redis layout: the oldest layout in use is " + oldest + ", this build's "
                    + RedisLayout.VERSION);
        }
        return broken;
    }

    /** Notes for the run's report: when each service switched, relative to the first switch. */
    List<String> timeline() {
        if (switches.isEmpty()) {
            return List.of();
        }
        long t0 = switches.get(0).stopAt();
        return switches.stream().map(s -> s.service().id() + " N+1 ready at +" + (s.readyAt() - t0) / 1000 + " s").toList();
    }

    private Switch switchOf(Service service) {
        return switches.stream().filter(s -> s.service() == service).findFirst().orElseThrow();
    }
}
