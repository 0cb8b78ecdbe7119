package com.dialer.state.reads;

/** Where a read was answered from. */
public enum Tier {
    /** the status-processor's live projection in Redis */
    HOT,
    /** a short-lived copy of archived data that this reader put back into Redis */
    READ_BACK,
    /** the MongoDB archive */
    COLD
}
