package io.sensorstream.app.pipeline;

import io.sensorstream.app.UserError;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;

/**
 * A bounded check that the cluster answers, before a command starts working with it: Kafka's clients otherwise wait
 * up to a minute per call and retry quietly, so an unreachable cluster or wrong credentials would look like a hang.
 * Both become one line naming the setting to fix.
 */
public final class KafkaReachability {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private KafkaReachability() {
    }

    /** @throws UserError when the cluster does not answer within {@code timeout} or refuses the credentials */
    public static void check(Properties client, Duration timeout) {
        String bootstrap = String.valueOf(client.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG));
        Properties p = new Properties();
        p.putAll(client);
        int ms = (int) timeout.toMillis();
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Integer.toString(ms));
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Integer.toString(ms));
        try (Admin admin = Admin.create(p)) {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs(ms)).clusterId().get(ms + 2_000L, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof AuthenticationException || cause instanceof AuthorizationException) {
                throw new UserError("Kafka at " + bootstrap + " refused the credentials: " + firstLine(cause)
                        + " (check kafka.security.protocol, kafka.sasl.* and kafka.ssl.*)", cause);
            }
            throw unreachable(bootstrap, timeout, cause);
        } catch (java.util.concurrent.TimeoutException e) {
            throw unreachable(bootstrap, timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("interrupted while connecting to Kafka at " + bootstrap, e);
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new UserError("cannot connect to Kafka at " + bootstrap + ": " + firstLine(e) + " (check bootstrap-servers and kafka.*)", e);
        }
    }

    private static UserError unreachable(String bootstrap, Duration timeout, Throwable cause) {
        return new UserError("cannot reach Kafka at " + bootstrap + " within " + timeout.toSeconds() + " s: check bootstrap-servers"
                + " (or --bootstrap-servers) and that the brokers are up", cause);
    }

    private static String firstLine(Throwable t) {
        String m = String.valueOf(t.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
