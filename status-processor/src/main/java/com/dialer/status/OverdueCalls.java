package com.dialer.status;

/**
 * Where the reaper hands a call that is overdue for a look at Plivo. It must not block: the reaper
 * runs on a Kafka Streams thread; the lookup runs elsewhere, and what it finds comes back as a call
 * event on call-events, applied by the state machine like any other.
 */
interface OverdueCalls {
    /** Reconciliation off: the reaper's lease end is the only settlement of a call whose hangup never came. */
    OverdueCalls OFF = new OverdueCalls() {
        @Override
        public boolean enabled() {
            return false;
        }

        @Override
        public void check(OverdueCall call) {
        }
    };

    boolean enabled();

    /** Asks, without waiting, what became of the call; a full queue may drop it (the next check asks again). */
    void check(OverdueCall call);
}
