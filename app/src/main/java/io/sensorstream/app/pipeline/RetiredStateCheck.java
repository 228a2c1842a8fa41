package io.sensorstream.app.pipeline;

import io.sensorstream.app.UserError;
import io.sensorstream.streams.processor.StoreNames;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses to start on an application id whose state was written by a build with another store layout (one store per
 * table, before the per-sensor record): its changelogs would be ignored, and windows, last readings and detector
 * states lost without a word. The fix is a reset of the application id, named in the error.
 */
final class RetiredStateCheck {

    private static final Logger LOG = LoggerFactory.getLogger(RetiredStateCheck.class);

    private RetiredStateCheck() {
    }

    /** @throws UserError when a changelog topic of a retired store of {@code applicationId} exists */
    static void check(Properties clientProps, String applicationId) {
        Properties p = new Properties();
        p.putAll(TopicProvisioner.adminOnly(clientProps));
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        Set<String> topics;
        try (Admin admin = Admin.create(p)) {
            topics = admin.listTopics().names().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) { // Kafka Streams reports an unreachable cluster itself
            LOG.warn("Could not look for state of earlier builds on {}: {}", p.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG), e.toString());
            return;
        }
        for (String store : StoreNames.RETIRED) {
            String changelog = applicationId + "-" + store + "-changelog";
            if (topics.contains(changelog)) {
                throw new UserError("application id '" + applicationId + "' holds state of an earlier sensorstream build ("
                        + changelog + ") that this build cannot read; reset it: kafka-streams-application-reset.sh "
                        + "--bootstrap-server " + p.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG) + " --application-id "
                        + applicationId + ", delete processing.state-dir, or choose another application-id");
            }
        }
    }
}
