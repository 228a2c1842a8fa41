package io.sensorstream.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.google.gson.JsonParser;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.sensorstream.app.config.ConfigLoader;
import io.sensorstream.app.config.SensorstreamConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Helm chart ({@code deploy/helm/sensorstream}) rendered and checked offline: {@code helm lint --strict} and
 * {@code helm template} by Helm itself (helm-java runs Helm's Go code as a native library), every rendered Kubernetes
 * object read by the official Kubernetes client's models (which reject unknown and missing fields), the configuration
 * it mounts loaded by sensorstream's own loader, and bad values refused by {@code values.schema.json}.
 */
class HelmChartTest {

    private static final Path CHART = Path.of(System.getProperty("user.dir")).getParent().resolve("deploy/helm/sensorstream");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static Map<String, JsonNode> render(Map<String, Object> values) throws IOException {
        var template = new Helm(CHART).template().withName("plant").withNamespace("sensors");
        values.forEach(template::set);
        String yaml = template.call();
        Map<String, JsonNode> objects = new LinkedHashMap<>();
        try (YAMLParser parser = new YAMLFactory().createParser(yaml)) {
            for (JsonNode doc : new ObjectMapper(new YAMLFactory()).readValues(parser, JsonNode.class).readAll()) {
                if (doc == null || doc.isEmpty()) continue;
                objects.put(doc.get("kind").asText() + "/" + doc.at("/metadata/name").asText(), doc);
            }
        }
        return objects;
    }

    /** The official Kubernetes models' reader: an unknown field, a missing required one or a wrong type throws. */
    private static void validate(JsonNode object) throws IOException {
        var json = JsonParser.parseString(JSON.writeValueAsString(object));
        switch (object.get("kind").asText()) {
            case "StatefulSet" -> V1StatefulSet.validateJsonElement(json);
            case "Service" -> V1Service.validateJsonElement(json);
            case "ConfigMap" -> V1ConfigMap.validateJsonElement(json);
            case "PodDisruptionBudget" -> V1PodDisruptionBudget.validateJsonElement(json);
            default -> throw new AssertionError("no model check for " + object.get("kind"));
        }
    }

    @Test
    void lintPassesStrictly() {
        LintResult lint = new Helm(CHART).lint().strict().call();
        assertThat(lint.isFailed()).as("helm lint --strict: %s", lint.getMessages()).isFalse();
    }

    @Test
    void defaultValuesRenderValidObjectsAndAConfigurationSensorstreamAccepts() throws Exception {
        Map<String, JsonNode> objects = render(Map.of());
        assertThat(objects.keySet()).containsExactlyInAnyOrder("ConfigMap/plant-sensorstream", "Service/plant-sensorstream-headless",
                "Service/plant-sensorstream", "StatefulSet/plant-sensorstream", "PodDisruptionBudget/plant-sensorstream");
        for (JsonNode o : objects.values()) validate(o);

        JsonNode sts = objects.get("StatefulSet/plant-sensorstream");
        assertThat(sts.at("/spec/replicas").asInt()).isEqualTo(2);
        assertThat(sts.at("/spec/serviceName").asText()).isEqualTo("plant-sensorstream-headless");
        JsonNode pod = sts.at("/spec/template/spec");
        JsonNode c = pod.at("/containers/0");
        assertThat(c.get("image").asText()).isEqualTo("sensorstream:0.1.0-SNAPSHOT");
        assertThat(JSON.convertValue(c.get("args"), List.class)).containsExactly("run", "--config", "/etc/sensorstream/sensorstream.yaml");
        Map<String, JsonNode> env = new LinkedHashMap<>();
        c.get("env").forEach(e -> env.put(e.get("name").asText(), e));
        assertThat(env.get("SENSORSTREAM_PROCESSING_INSTANCE_ID").at("/valueFrom/fieldRef/fieldPath").asText())
                .as("static membership from the pod name").isEqualTo("metadata.name");
        assertThat(env.get("SENSORSTREAM_KAFKA_NUM_STANDBY_REPLICAS").get("value").asText()).isEqualTo("1");
        assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
        assertThat(pod.at("/securityContext/runAsUser").asInt()).isEqualTo(10001);
        assertThat(c.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(c.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/health/ready");
        assertThat(c.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/health/live");
        assertThat(c.at("/resources/limits/memory").asText()).isEqualTo("2Gi");
        assertThat(sts.at("/spec/volumeClaimTemplates/0/metadata/name").asText()).as("a volume per pod for its state").isEqualTo("state");
        assertThat(objects.get("PodDisruptionBudget/plant-sensorstream").at("/spec/maxUnavailable").asInt()).isEqualTo(1);

        // the configuration the pods read: sensorstream's own loader accepts it (unknown keys would fail here)
        Path yaml = Files.writeString(dir.resolve("sensorstream.yaml"),
                objects.get("ConfigMap/plant-sensorstream").at("/data/sensorstream.yaml").asText());
        SensorstreamConfig cfg = new ConfigLoader(Map.of("SENSORSTREAM_PROCESSING_INSTANCE_ID", "plant-sensorstream-0"))
                .read(yaml, Map.of());
        assertThat(cfg.bootstrapServers()).isEqualTo("kafka:9092");
        assertThat(cfg.processing().instanceId()).isEqualTo("plant-sensorstream-0");
    }

    @Test
    void optionalPartsRenderWhenEnabled() throws Exception {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("podMonitor.enabled", true);
        values.put("autoscaling.enabled", true);
        values.put("autoscaling.maxReplicas", 4);
        values.put("persistence.enabled", false);
        values.put("envFromSecret", "kafka-credentials");
        Map<String, JsonNode> objects = render(values);
        JsonNode sts = objects.get("StatefulSet/plant-sensorstream");
        validate(sts);
        assertThat(sts.at("/spec").has("replicas")).as("KEDA owns the replica count").isFalse();
        assertThat(sts.at("/spec").has("volumeClaimTemplates")).isFalse();
        List<String> volumes = new ArrayList<>();
        sts.at("/spec/template/spec/volumes").forEach(v -> volumes.add(v.get("name").asText() + (v.has("emptyDir") ? ":emptyDir" : "")));
        assertThat(volumes).contains("state:emptyDir");
        assertThat(sts.at("/spec/template/spec/containers/0/envFrom/0/secretRef/name").asText()).isEqualTo("kafka-credentials");
        JsonNode monitor = objects.get("PodMonitor/plant-sensorstream");
        assertThat(monitor.get("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(monitor.at("/spec/podMetricsEndpoints/0/path").asText()).isEqualTo("/metrics");
        JsonNode scaled = objects.get("ScaledObject/plant-sensorstream");
        assertThat(scaled.get("apiVersion").asText()).isEqualTo("keda.sh/v1alpha1");
        assertThat(scaled.at("/spec/scaleTargetRef/kind").asText()).isEqualTo("StatefulSet");
        assertThat(scaled.at("/spec/maxReplicaCount").asInt()).isEqualTo(4);
        assertThat(scaled.at("/spec/triggers/0/metadata/consumerGroup").asText()).as("the application id is the group").isEqualTo("sensorstream");
        assertThat(scaled.at("/spec/triggers/0/metadata/topic").asText()).isEqualTo("sensor-readings-raw");
    }

    @Test
    void valuesTheSchemaRefusesFailBeforeAnythingRenders() {
        assertThatThrownBy(() -> render(Map.of("replicas", 0))).hasMessageContaining("replicas");
        assertThatThrownBy(() -> render(Map.of("image.pullPolicy", "Sometimes"))).hasMessageContaining("pullPolicy");
        assertThatThrownBy(() -> render(Map.of("replica", 3))).as("a misspelt key").hasMessageContaining("replica");
        assertThatThrownBy(() -> render(Map.of("persistence.size", "lots"))).hasMessageContaining("size");
    }

    @Test
    void theModelCheckCatchesAMisspeltField() throws Exception {
        ObjectNode sts = (ObjectNode) render(Map.of()).get("StatefulSet/plant-sensorstream").deepCopy();
        ((ObjectNode) sts.at("/spec/template/spec/containers/0")).put("imagePullPolicyy", "Always");
        assertThatThrownBy(() -> validate(sts)).hasMessageContaining("imagePullPolicyy");
    }
}
