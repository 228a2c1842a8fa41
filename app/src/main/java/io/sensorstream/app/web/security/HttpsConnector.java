package io.sensorstream.app.web.security;

import io.sensorstream.app.config.ConfigException;
import io.sensorstream.app.config.SensorstreamConfig.HttpTlsConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The HTTPS listener that replaces plain HTTP when {@code http.tls.keystore} is set. The keystore is opened once
 * before the server starts, so a wrong path or password is a one-line error naming the key, not a stack trace from
 * Jetty. The SNI host check is off: Prometheus scrapes pods by IP address, which no certificate names.
 */
public final class HttpsConnector {

    private HttpsConnector() {
    }

    /** Fails with a one-line {@link ConfigException} when the keystore cannot be opened with its password. */
    public static void check(HttpTlsConfig tls) {
        Path file = Path.of(tls.keystore());
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore ks = KeyStore.getInstance(tls.keystoreType());
            ks.load(in, tls.keystorePassword().toCharArray());
            boolean hasKey = false;
            for (String alias : java.util.Collections.list(ks.aliases())) {
                hasKey |= ks.isKeyEntry(alias);
            }
            if (!hasKey) {
                throw new ConfigException("http.tls.keystore " + file + " holds no private key: it needs the server's key and certificate");
            }
        } catch (IOException | GeneralSecurityException e) {
            String why = e.getCause() instanceof java.security.UnrecoverableKeyException || String.valueOf(e.getMessage()).contains("password")
                    ? "wrong http.tls.keystore-password?" : e.toString();
            throw new ConfigException("http.tls.keystore: cannot open " + file + " as " + tls.keystoreType() + " (" + why + ")");
        }
    }

    /** A plain HTTP listener with the given idle timeout (slow or stalled clients are cut off after it). */
    public static ServerConnector plain(Server server, HttpConfiguration http, String host, int port, java.time.Duration idleTimeout) {
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(idleTimeout.toMillis());
        return connector;
    }

    public static ServerConnector create(Server server, HttpConfiguration http, HttpTlsConfig tls, String host, int port,
                                         java.time.Duration idleTimeout) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStorePath(Path.of(tls.keystore()).toAbsolutePath().toString());
        ssl.setKeyStorePassword(tls.keystorePassword());
        ssl.setKeyStoreType(tls.keystoreType());
        http.addCustomizer(new SecureRequestCustomizer(false));
        ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(idleTimeout.toMillis());
        return connector;
    }
}
