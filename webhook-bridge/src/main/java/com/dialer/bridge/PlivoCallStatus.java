package com.dialer.bridge;

import com.dialer.avro.CallStatus;
import java.util.Locale;
import java.util.Optional;

/** Reads Plivo's {@code CallStatus} (and machine detection) callback values as our call states. */
public final class PlivoCallStatus {

    private PlivoCallStatus() {}

    /**
     * @param callStatus Plivo's {@code CallStatus} parameter
     * @return the state, or empty when Plivo sent a value we do not know (the bridge answers 400)
     */
    public static Optional<CallStatus> of(String callStatus) {
        if (callStatus == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(switch (callStatus.trim().toLowerCase(Locale.ROOT)) {
            case "ringing" -> CallStatus.RINGING;
            case "in-progress" -> CallStatus.IN_PROGRESS;
            case "completed" -> CallStatus.COMPLETED;
            case "busy" -> CallStatus.BUSY;
            case "no-answer" -> CallStatus.NO_ANSWER;
            case "cancel" -> CallStatus.CANCELLED;
            case "timeout" -> CallStatus.TIMEOUT;
            case "failed" -> CallStatus.FAILED;
            default -> null;
        });
    }

    /**
     * A machine detection callback ({@code Event=MachineDetection}) ends the attempt as MACHINE
     * only when Plivo says a machine answered; a human changes nothing.
     */
    public static Optional<CallStatus> ofMachineDetection(String machine) {
        return "true".equalsIgnoreCase(machine == null ? null : machine.trim())
                ? Optional.of(CallStatus.MACHINE) : Optional.empty();
    }
}
