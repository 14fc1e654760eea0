package io.riffle.it;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;

/**
 * Runs zonky's embedded PostgreSQL in its own JVM (started by {@link PostgresProcess}) until that JVM is stopped:
 * prints {@code port N} once PostgreSQL accepts connections, stops it on SIGTERM.
 *
 * <p>Arguments: dataDirectory
 */
public final class PostgresLauncher {
    private PostgresLauncher() {
    }

    public static void main(String[] args) throws Exception {
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(Path.of(args[0]))
                .setCleanDataDirectory(true).start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                postgres.close();
            } catch (Exception e) {
                e.printStackTrace();
            }
        }));
        System.out.println("port " + postgres.getPort());
        System.out.flush();
        Thread.currentThread().join();
    }
}
