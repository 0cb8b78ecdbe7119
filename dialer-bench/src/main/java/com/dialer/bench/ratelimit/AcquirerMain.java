package com.dialer.bench.ratelimit;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The second JVM of the rate-limit scenario. {@code PREPARE <json AcquirerRun>} opens the limiters
 * and answers {@code PREPARED}; {@code START <epochMillis> <file>} runs them from then, writes the
 * outcome to the file and answers {@code DONE}. It ends when its input closes.
 */
public final class AcquirerMain {
    static final ObjectMapper JSON = new ObjectMapper();

    private AcquirerMain() {
    }

    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        System.out.println("READY");
        String line;
        AcquirerRun.Prepared prepared = null;
        while ((line = in.readLine()) != null) {
            try {
                if (line.startsWith("PREPARE ")) {
                    prepared = JSON.readValue(line.substring(8), AcquirerRun.class).prepare();
                    System.out.println("PREPARED");
                } else if (line.startsWith("START ") && prepared != null) {
                    String[] words = line.split(" ");
                    try (AcquirerRun.Prepared run = prepared) {
                        run.run(Long.parseLong(words[1])).writeTo(Path.of(words[2]));
                    }
                    prepared = null;
                    System.out.println("DONE");
                }
            } catch (RuntimeException e) {
                System.out.println("FAILED " + e);
            }
        }
    }
}
