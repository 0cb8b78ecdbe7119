package com.dialer.launcher.stack;

import java.nio.file.Path;

import picocli.CommandLine.Option;

/** {@code --env-file} of {@code ./dialer up} and {@code ./dialer demo}: service keys for every service ({@link ServiceSettings}). */
public final class ServiceSettingsOption {

    @Option(names = "--env-file", paramLabel = "FILE",
            description = "service configuration keys given to every service, KEY=VALUE a line (# comments), e.g. "
                    + "CLIENT_HOLIDAYS, HOLIDAY_CALENDAR_FILE, DEFAULT_TIME_ZONE, NUMBER_COUNTRIES; keys the stack sets "
                    + "itself (REDIS_URI, the limits, ...) are refused, naming the option that sets them")
    Path envFile;

    /** The file's keys, checked; an IllegalArgumentException names the file, the line and the key. */
    public ServiceSettings settings() {
        return envFile == null ? ServiceSettings.NONE : ServiceSettings.read(envFile);
    }
}
