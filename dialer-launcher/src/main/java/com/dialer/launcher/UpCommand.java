package com.dialer.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;

import org.apache.kafka.clients.admin.Admin;

import com.dialer.schemas.TopicCatalog;
import com.dialer.schemas.TopicProvisioner;
import com.dialer.stack.LocalStack;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./dialer up}: runs the local stack until Ctrl-C and writes its endpoints to a state file. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Start the local stack (Kafka, Redis, MongoDB on loopback) until Ctrl-C; write endpoints to the state file.")
public final class UpCommand implements Callable<Integer> {

    @Option(names = "--state", defaultValue = ".dialer/state.json", description = "state file (default: ${DEFAULT-VALUE})")
    Path stateFile;

    @Option(names = "--partitions", defaultValue = "6", description = "partitions per topic (default: ${DEFAULT-VALUE})")
    int partitions;

    @Override
    public Integer call() throws Exception {
        CountDownLatch stopped = new CountDownLatch(1);
        try (LocalStack stack = LocalStack.start()) {
            TopicCatalog catalog = TopicCatalog.of("", partitions);
            try (Admin admin = stack.kafka().admin()) {
                new TopicProvisioner(admin, (short) 1).ensure(catalog.all());
            }
            StackEndpoints endpoints = new StackEndpoints(stack.bootstrapServers(), stack.redis().uri(),
                    stack.mongo().connectionString(), catalog.prefix(), partitions, ProcessHandle.current().pid(),
                    System.currentTimeMillis());
            endpoints.write(stateFile);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                // Ctrl-C: the JVM is exiting, so stop the servers here rather than in main
                stack.close();
                try {
                    Files.deleteIfExists(stateFile);
                } catch (java.io.IOException ignored) {
                    // best effort: a stale state file names a pid that is gone
                }
                stopped.countDown();
            }, "dialer-up-shutdown"));
            System.out.printf("stack up in %d ms%n  kafka  %s%n  redis  %s%n  mongo  %s%n  state  %s%nCtrl-C to stop.%n",
                    stack.startupTime().toMillis(), endpoints.kafkaBootstrap(), endpoints.redisUri(),
                    endpoints.mongoUri(), stateFile.toAbsolutePath());
            stopped.await();
        }
        return 0;
    }
}
