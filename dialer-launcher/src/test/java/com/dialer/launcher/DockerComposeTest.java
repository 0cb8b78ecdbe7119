package com.dialer.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.dialer.archiver.ArchiverSinkConfig;
import com.dialer.bridge.BridgeConfig;
import com.dialer.executor.ExecutorConfig;
import com.dialer.scheduler.SchedulerConfig;
import com.dialer.schemas.ProvisionTopics;
import com.dialer.state.metrics.MetricsEndpoint;
import com.dialer.state.reads.api.QueryApiConfig;
import com.dialer.status.StatusConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * docker-compose.yml cannot run here (no Docker engine), so it is checked against the code: every
 * service exists, its image or build names a real module and main class, every environment key it
 * sets is one its configuration reads and the configuration starts from it, ports and volumes line
 * up, the Kafka image matches the Kafka the code is built with, and Prometheus scrapes every service.
 */
class DockerComposeTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z_]+)}");
    private static JsonNode compose;

    /** How each service's configuration is read: the keys it asked for are recorded. */
    private static final Map<String, Consumer<Function<String, String>>> CONFIGS = Map.of(
            "dialer-scheduler", env -> SchedulerConfig.fromEnv(recording(env)),
            "call-executor", ExecutorConfig::from,
            "status-processor", StatusConfig::from,
            "webhook-bridge", BridgeConfig::from);

    @BeforeAll
    static void read() throws Exception {
        compose = yaml(ROOT.resolve("docker-compose.yml"));
    }

    @Test
    void everyPartOfTheSystemIsAService() {
        Set<String> services = new TreeSet<>();
        compose.get("services").fieldNames().forEachRemaining(services::add);
        assertThat(services).contains("kafka", "redis", "mongodb", "topics", "connect", "connect-init", "dialer-scheduler",
                "call-executor", "status-processor", "webhook-bridge", "webhook-proxy", "query-api", "prometheus", "grafana");
    }

    @Test
    void grafanaIsProvisionedWithTheOperationsDashboardOnThePrometheusService() throws Exception {
        assertThat(image("grafana")).startsWith("grafana/grafana:");
        assertThat(service("grafana").get("volumes").toString())
                .contains("./deploy/grafana/provisioning:/etc/grafana/provisioning", "./deploy/grafana/dashboards:/var/lib/grafana/dashboards");
        JsonNode source = yaml(ROOT.resolve("deploy/grafana/provisioning/datasources/prometheus.yml")).get("datasources").get(0);
        assertThat(source.get("url").asText()).isEqualTo("http://prometheus:9090");
        JsonNode dashboard = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(ROOT.resolve("deploy/grafana/dashboards/dialer.json").toFile());
        // every panel asks the provisioned source (through the dashboard's variable) and has a query
        for (JsonNode panel : dashboard.get("panels")) {
            if (!panel.get("type").asText().equals("row")) {
                assertThat(panel.get("datasource").get("uid").asText()).as(panel.get("title").asText()).isEqualTo("${datasource}");
                assertThat(panel.get("targets").findValuesAsText("expr")).as(panel.get("title").asText()).isNotEmpty();
            }
        }
    }

    @Test
    void infrastructureImagesAreOfficialAndInStepWithTheCode() {
        assertThat(image("kafka")).isEqualTo("apache/kafka:" + AppInfoParser.getVersion());
        assertThat(image("redis")).startsWith("redis:");
        assertThat(service("redis").get("command").toString()).contains("noeviction");
        assertThat(image("mongodb")).startsWith("mongo:");
        assertThat(image("prometheus")).startsWith("prom/prometheus:");
        assertThat(image("webhook-proxy")).matches("nginx:\\d+\\.\\d+\\.\\d+-alpine");
        Map<String, String> kafka = environment("kafka");
        assertThat(kafka).containsEntry("KAFKA_PROCESS_ROLES", "broker,controller")
                .containsEntry("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1");
    }

    @Test
    void everyServiceIsBuiltFromAModuleWithARealMainClass() throws Exception {
        for (String name : List.of("topics", "dialer-scheduler", "call-executor", "status-processor", "webhook-bridge", "query-api")) {
            JsonNode build = service(name).get("build");
            assertThat(build).as(name + " build").isNotNull();
            assertThat(ROOT.resolve(build.get("dockerfile").asText())).exists();
            String module = build.get("args").get("MODULE").asText();
            assertThat(ROOT.resolve(module).resolve("pom.xml")).as(name + " module").exists();
            Method main = Class.forName(build.get("args").get("MAIN").asText()).getMethod("main", String[].class);
            assertThat(Modifier.isStatic(main.getModifiers())).as(name + " main").isTrue();
        }
        assertThat(Files.readString(ROOT.resolve("deploy/Dockerfile.connect"))).contains("archiver-sink/target/plugin")
                .contains("FROM apache/kafka:" + AppInfoParser.getVersion());
    }

    @Test
    void everyEnvironmentKeyIsReadByTheServiceAndItsConfigurationStarts() {
        CONFIGS.forEach((name, config) -> {
            Map<String, String> env = environment(name);
            Set<String> read = new HashSet<>(MetricsEndpoint.ENV_KEYS);
            assertThatCode(() -> config.accept(key -> {
                read.add(key);
                return env.get(key);
            })).as(name + " starts from its compose environment").doesNotThrowAnyException();
            assertThat(read).as(name + ": keys the code reads").containsAll(env.keySet());
        });
        assertThat(QueryApiConfig.ENV_KEYS).containsAll(environment("query-api").keySet());
        // the scheduler paces releases and the executor paces starts by the same global limit
        for (String key : List.of("MAX_CALLS_PER_MINUTE", "RATE_LIMIT_WINDOW", "RATE_LIMIT_BURST")) {
            assertThat(environment("call-executor").get(key)).as(key).isEqualTo(environment("dialer-scheduler").get(key));
        }
        assertThat(ProvisionTopics.ENV_KEYS).containsAll(environment("topics").keySet());
    }

    @Test
    void theStatusProcessorReconcilesOverdueCallsWithTheSamePlivoAccountAsTheExecutor() {
        Map<String, String> status = environment("status-processor");
        assertThat(StatusConfig.from(status).reconcile().enabled()).isTrue();
        assertThat(status.get("PLIVO_AUTH_ID")).isEqualTo(environment("call-executor").get("PLIVO_AUTH_ID"));
    }

    @Test
    void theConnectRestApiIsReachableOnTheComposeNetworkOnly() throws Exception {
        // it has no authentication: published, anyone reaching the host could reconfigure or delete the sink
        assertThat(ports("connect")).isEmpty();
        assertThat(Files.readString(ROOT.resolve("docker-compose.yml"))).contains("http://connect:8083/connectors");
    }

    @Test
    void portsAndMetricsLineUp() throws Exception {
        assertThat(ports("query-api")).contains(environment("query-api").get("QUERY_API_PORT") + ":"
                + environment("query-api").get("QUERY_API_PORT"));
        JsonNode prometheus = yaml(ROOT.resolve("deploy/prometheus.yml"));
        Map<String, String> targets = new LinkedHashMap<>();
        for (JsonNode job : prometheus.get("scrape_configs")) {
            // every replica of a service, found by Docker's DNS: one A record each
            JsonNode discovery = job.get("dns_sd_configs").get(0);
            assertThat(discovery.get("type").asText()).isEqualTo("A");
            assertThat(discovery.get("names").get(0).asText()).as("a job scrapes the service it is named for")
                    .isEqualTo(job.get("job_name").asText());
            targets.put(discovery.get("names").get(0).asText(), discovery.get("port").asText());
        }
        assertThat(targets.keySet()).containsExactlyInAnyOrder("dialer-scheduler", "call-executor", "status-processor",
                "webhook-bridge", "query-api");
        targets.forEach((name, port) -> {
            Map<String, String> env = environment(name);
            assertThat(port).as(name + " metrics port").isEqualTo(env.get("METRICS_PORT"));
            assertThat(env).as(name + " metrics reachable from prometheus").containsEntry("METRICS_BIND_ADDRESS", "0.0.0.0");
        });
    }

    @Test
    void severalBridgesShareOneAddressThroughTheProxyAndNoneIsPublishedItself() throws Exception {
        String bridgePort = environment("webhook-bridge").get("BRIDGE_HTTP_PORT");
        assertThat(ports("webhook-bridge")).as("a published port would stop a second replica from starting").isEmpty();
        assertThat(service("webhook-bridge").path("deploy").path("replicas").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(service("webhook-bridge").has("container_name")).isFalse();
        assertThat(ports("webhook-proxy")).containsExactly(bridgePort + ":" + bridgePort);
        String proxy = Files.readString(ROOT.resolve("deploy/nginx/webhook-proxy.conf"));
        assertThat(proxy).contains("listen " + bridgePort + ";").contains("set $bridge webhook-bridge;")
                .contains("proxy_pass http://$bridge:" + bridgePort + ";")
                // resolved again, so a replica added or restarted is found
                .contains("resolver 127.0.0.11 valid=10s")
                // the bridge's own limit answers with a reason; the proxy must let such a body through to it
                .contains("client_max_body_size 1m;")
                .contains("proxy_next_upstream error;");
        assertThat(environment("webhook-bridge")).as("the replay memory every replica shares").containsKey("REDIS_URI");
        assertThat(service("webhook-proxy").path("healthcheck").path("test").toString()).contains("http://127.0.0.1:8091/health");
        assertThat(proxy).contains("listen 8091;");
    }

    @Test
    void volumesAreDeclaredAndMountedFilesExist() {
        Set<String> declared = new HashSet<>();
        compose.get("volumes").fieldNames().forEachRemaining(declared::add);
        compose.get("services").forEach(service -> {
            if (service.has("volumes")) {
                for (JsonNode volume : service.get("volumes")) {
                    String source = volume.asText().split(":")[0];
                    if (source.startsWith("./")) {
                        assertThat(ROOT.resolve(source.substring(2))).as(volume.asText()).exists();
                    } else {
                        assertThat(declared).as(volume.asText()).contains(source);
                    }
                }
            }
        });
    }

    @Test
    void everyServiceIsProbedOnItsReadinessAndRestartedAndStartsOnlyAfterWhatItNeedsIsHealthy() {
        for (String name : List.of("dialer-scheduler", "call-executor", "status-processor", "webhook-bridge", "query-api")) {
            Map<String, String> env = environment(name);
            assertThat(env).as(name + " management port").containsKey("METRICS_PORT").containsEntry("METRICS_BIND_ADDRESS", "0.0.0.0");
            assertThat(service(name).path("healthcheck").path("test").toString()).as(name + " healthcheck")
                    .contains("/dev/tcp/127.0.0.1/" + env.get("METRICS_PORT") + " ").contains("GET /health/ready ").contains(" 200 ");
        }
        compose.get("services").properties().forEach(e -> {
            String name = e.getKey();
            JsonNode service = e.getValue();
            boolean runsToCompletion = List.of("topics", "connect-init").contains(name);
            if (!runsToCompletion) {
                assertThat(service.path("restart").asText()).as(name + " restart policy").isEqualTo("unless-stopped");
            }
            service.path("depends_on").properties().forEach(dependency -> {
                JsonNode needed = service(dependency.getKey());
                String expected = List.of("topics").contains(dependency.getKey()) ? "service_completed_successfully"
                        : needed.has("healthcheck") ? "service_healthy" : "service_started";
                assertThat(dependency.getValue().path("condition").asText()).as(name + " waits for " + dependency.getKey())
                        .isEqualTo(expected);
            });
        });
        for (String infrastructure : List.of("kafka", "redis", "mongodb")) {
            assertThat(service(infrastructure).has("healthcheck")).as(infrastructure + " healthcheck").isTrue();
        }
    }

    @Test
    void theArchiverSinkConfigurationIsValidForTheConnector() throws Exception {
        Map<String, String> config = new HashMap<>();
        new ObjectMapper().readTree(ROOT.resolve("deploy/archiver-sink.json").toFile()).properties()
                .forEach(e -> config.put(e.getKey(), e.getValue().asText()));
        assertThat(Class.forName(config.get("connector.class"))).isEqualTo(com.dialer.archiver.ArchiverSinkConnector.class);
        assertThatCode(() -> ArchiverSinkConfig.parse(config)).doesNotThrowAnyException();
        assertThat(config.get("topics")).contains(config.get("archiver.call-records.topic"),
                config.get("archiver.campaign-summaries.topic"));
        assertThat(config.get("mongodb.connection.uri")).contains("mongodb:27017");
        JsonNode statusEnv = service("status-processor").get("environment");
        assertThat(config.get(ArchiverSinkConfig.REDIS_URI)).as("archived calls shrink in the services' Redis")
                .isEqualTo(statusEnv.get("REDIS_URI").asText());
        assertThat(Long.parseLong(config.get(ArchiverSinkConfig.HOT_AFTER_ARCHIVE_SECONDS)))
                .as("an archived call's hot copy lives shorter than the hot window")
                .isLessThan(Long.parseLong(statusEnv.get("HOT_WINDOW_SECONDS").asText()));
    }

    /** SnakeYAML resolves anchors and merge keys ({@code <<: *service-env}) as Compose does. */
    private static JsonNode yaml(Path file) throws Exception {
        try (var in = Files.newInputStream(file)) {
            return new ObjectMapper().valueToTree(new org.yaml.snakeyaml.Yaml().load(in));
        }
    }

    private static JsonNode service(String name) {
        JsonNode service = compose.get("services").get(name);
        assertThat(service).as("service " + name).isNotNull();
        return service;
    }

    private static String image(String name) {
        return service(name).get("image").asText();
    }

    /** The service's environment after YAML merges, with ${VARIABLES} of .env replaced by sample values. */
    private static Map<String, String> environment(String name) {
        Map<String, String> env = new LinkedHashMap<>();
        JsonNode node = service(name).get("environment");
        if (node != null) {
            node.properties().forEach(e -> env.put(e.getKey(), sample(e.getValue().asText())));
        }
        return env;
    }

    private static String sample(String value) {
        Matcher m = VARIABLE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, switch (m.group(1)) {
                case "PLIVO_AUTH_ID" -> "MAXXXXXXXXXXXXXXXXXX";
                case "WEBHOOK_PUBLIC_BASE_URL" -> "https://hooks.example.com";
                case "QUERY_API_TOKENS" -> com.dialer.state.reads.api.ApiTokens.hash("token-a") + "=client-a";
                default -> "secret";
            });
        }
        m.appendTail(out);
        return out.toString();
    }

    private static List<String> ports(String name) {
        JsonNode ports = service(name).get("ports");
        return ports == null ? List.of() : java.util.stream.StreamSupport.stream(ports.spliterator(), false)
                .map(JsonNode::asText).toList();
    }

    private static Map<String, String> recording(Function<String, String> env) {
        // SchedulerConfig reads a Map: route its reads through the recording function
        return new HashMap<>() {
            @Override
            public String get(Object key) {
                return env.apply((String) key);
            }

            @Override
            public String getOrDefault(Object key, String fallback) {
                String v = env.apply((String) key);
                return v == null ? fallback : v;
            }
        };
    }
}
