package com.dialer.stack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class RedisServerTest {

    @Test
    void theEmbeddedBinaryIsExtractedOnceAndSharedByLaterStarts(@TempDir Path tmp) throws IOException {
        byte[] binary = "#!/bin/sh\necho redis\n".getBytes(StandardCharsets.UTF_8);
        Path first = RedisServer.extracted(binary, tmp);
        long written = Files.getLastModifiedTime(first).toMillis();
        Path second = RedisServer.extracted(binary, tmp);

        assertThat(second).isEqualTo(first);
        assertThat(Files.getLastModifiedTime(second).toMillis()).as("not written again").isEqualTo(written);
        assertThat(Files.isExecutable(first)).isTrue();
        assertThat(Files.readAllBytes(first)).isEqualTo(binary);
        try (Stream<Path> left = Files.walk(tmp)) {
            assertThat(left.filter(Files::isRegularFile)).as("one file, no partial copy").containsExactly(first);
        }
    }

    @Test
    void anotherBinaryOfTheSameNameReplacesTheCopy(@TempDir Path tmp) throws IOException {
        Path old = RedisServer.extracted("old".getBytes(StandardCharsets.UTF_8), tmp);
        Path now = RedisServer.extracted("new".getBytes(StandardCharsets.UTF_8), tmp);

        assertThat(now).isEqualTo(old);
        assertThat(Files.readString(now)).isEqualTo("new");
    }
}
