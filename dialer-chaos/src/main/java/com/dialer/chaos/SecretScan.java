package com.dialer.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Looks for secrets in the services' log files: the Plivo auth token, the HTTP Basic credentials made
 * of it (what an HTTP client logging its headers would print), the query API's bearer tokens and the
 * password in the services' Redis URI.
 * A finding names the file, the line and which secret, never the secret itself.
 */
public final class SecretScan {
    private SecretScan() {
    }

    /** The secrets a stack runs with, by a name that may be printed. */
    public static Map<String, String> secretsOf(ProcessStack stack) {
        StackSettings settings = stack.settings();
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("password in REDIS_URI", stack.redisPassword());
        secrets.put("PLIVO_AUTH_TOKEN", settings.sim().authToken());
        secrets.put("Plivo Basic credentials", Base64.getEncoder().encodeToString(
                (settings.sim().authId() + ":" + settings.sim().authToken()).getBytes(StandardCharsets.UTF_8)));
        int i = 0;
        for (String token : settings.apiTokens().keySet()) {
            secrets.put("QUERY_API_TOKENS entry " + (++i), token);
        }
        return secrets;
    }

    /** Every log file under {@code dir} (the stack's work directory). */
    public static List<Path> logsUnder(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".log")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /** {@code file:line: secret name} for every line of every file holding a secret. */
    public static List<String> findings(Collection<Path> logs, Map<String, String> secrets) {
        List<String> found = new ArrayList<>();
        for (Path log : logs) {
            List<String> lines;
            try {
                lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + log, e);
            }
            for (int n = 0; n < lines.size(); n++) {
                for (var secret : secrets.entrySet()) {
                    if (lines.get(n).contains(secret.getValue())) {
                        found.add(log.getFileName() + ":" + (n + 1) + ": " + secret.getKey());
                    }
                }
            }
        }
        return found;
    }
}
