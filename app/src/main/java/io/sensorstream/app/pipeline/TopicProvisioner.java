package io.sensorstream.app.pipeline;

import io.sensorstream.app.UserError;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the pipeline's topics when they are missing, so the processor can start before any producer and its
 * output topics exist before Kafka Streams writes to them.
 */
public final class TopicProvisioner {

    private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);

    private TopicProvisioner() {
    }

    /**
     * @param replicationFactor -1 for the broker's default
     * @param topicConfigs      topic-level configs ({@code retention.ms}, ...) for the topics it creates
     * @return the topics that were created
     */
    public static List<String> ensure(Properties clientProps, Collection<String> topics, int partitions,
                                      short replicationFactor, Map<String, String> topicConfigs) {
        Properties p = new Properties();
        p.putAll(clientProps);
        p.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000");
        p.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        try (Admin admin = Admin.create(adminOnly(p))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String t : topics) {
                if (!existing.contains(t)) {
                    missing.add(new NewTopic(t, Optional.of(partitions),
                            replicationFactor < 0 ? Optional.empty() : Optional.of(replicationFactor)).configs(topicConfigs));
                }
            }
            List<String> created = new ArrayList<>();
            for (NewTopic topic : missing) {
                try {
                    admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
                    created.add(topic.name());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            if (!created.isEmpty()) {
                LOG.info("Created topics {} with {} partitions", created, partitions);
            }
            return created;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (Exception e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new UserError("cannot create topics on " + p.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG)
                    + ": " + cause.getMessage() + " (is Kafka running there?)", e);
        }
    }

    /** Keeps only properties an admin client understands, so streams-only keys do not cause warnings. */
    static Properties adminOnly(Properties p) {
        Properties out = new Properties();
        Set<String> names = AdminClientConfig.configNames();
        p.forEach((k, v) -> {
            String key = k.toString();
            if (names.contains(key) || key.startsWith("sasl.") || key.startsWith("ssl.")) {
                out.put(key, v);
            }
        });
        return out;
    }
}
