package com.dialer.status;

import com.dialer.avro.CallEvent;
import com.dialer.avro.EventSource;
import com.dialer.schemas.CallContext;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Applies each decoded call event to its attempt ({@link AttemptLedger}) and owns the task's two
 * wall-clock punctuators: the {@link Reaper} and the {@link HotStateRebuild}.
 */
final class AttemptTracker implements Processor<String, CallEvent, String, Object> {
    private final StatusConfig config;
    private final HotState hot;
    private final StatusMetrics metrics;
    private final OverdueCalls overdue;
    private ProcessorContext<String, Object> context;
    private AttemptLedger ledger;
    private ReaperClock clock;

    AttemptTracker(StatusConfig config, HotState hot, StatusMetrics metrics, OverdueCalls overdue) {
        this.overdue = overdue;
        this.config = config;
        this.hot = hot;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        AttemptStores stores = new AttemptStores(context);
        this.ledger = new AttemptLedger(stores, hot, config, metrics, context, overdue);
        this.clock = new ReaperClock(context.currentSystemTimeMs(), config.reaperStartupDelay().toMillis());
        context.schedule(config.reaperInterval(), PunctuationType.WALL_CLOCK_TIME,
                new Reaper(stores, ledger, clock, config.reaperMaxPerRun()));
        context.schedule(config.reseedCheckInterval(), PunctuationType.WALL_CLOCK_TIME,
                new HotStateRebuild(stores, ledger, hot, context.taskId().partition(), config, metrics));
    }

    @Override
    public void process(Record<String, CallEvent> record) {
        long wall = context.currentSystemTimeMs();
        clock.read(record.timestamp(), wall);
        CallEvent event = record.value();
        try (CallContext call = CallContext.of(event.getAttemptId(), event.getCampaignId(), event.getClientId())) {
            ledger.apply(event, record.timestamp(), wall);
        }
        if (event.getSource() == EventSource.WEBHOOK) {
            metrics.webhookApplied(record.timestamp(), context.currentSystemTimeMs());
        }
    }
}
