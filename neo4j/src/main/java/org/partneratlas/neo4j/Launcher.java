/*
 * Local Neo4j 5.26 Community for Partner Atlas, embedded in a tiny Java main so that
 * development and tests need neither Docker nor a system install.
 *
 * Environment (all optional):
 *   NEO4J_BOLT_PORT   Bolt port on 127.0.0.1 (default 7687)
 *   NEO4J_USER        user to log in as (default neo4j)
 *   NEO4J_PASSWORD    its password (default partner-atlas; at least 8 characters)
 *   NEO4J_DATA_DIR    home of the store and the logs (default .neo4j in the working directory)
 *   NEO4J_PAGECACHE   page cache size, e.g. 256m (default 256m)
 *   NEO4J_PLUGINS_DIR server plugins (default neo4j/plugins: Graph Data Science, copied there by
 *                     the Maven build). Its jars must also be on the JVM classpath, as the
 *                     Neo4j server's own start script does, for the plugins' kernel extensions
 *                     and settings to load; procedures named gds.* run unrestricted.
 *
 * Prints "partner-atlas-neo4j ready bolt://127.0.0.1:PORT" once Bolt accepts connections,
 * and shuts the databases down cleanly on SIGTERM / SIGINT (shutdown hook).
 * Reference: Neo4j Java Reference 5, "Using Neo4j embedded in Java applications".
 */
package org.partneratlas.neo4j;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.QueryExecutionException;

public final class Launcher {
  private static final String HOST = "127.0.0.1";

  private Launcher() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(env("NEO4J_BOLT_PORT", "7687"));
    String user = env("NEO4J_USER", "neo4j");
    String password = env("NEO4J_PASSWORD", "partner-atlas");
    Path home = Path.of(env("NEO4J_DATA_DIR", ".neo4j")).toAbsolutePath();
    long pageCache = parseBytes(env("NEO4J_PAGECACHE", "256m"));
    Path plugins = Path.of(env("NEO4J_PLUGINS_DIR", "neo4j/plugins")).toAbsolutePath();
    if (password.length() < 8) {
      System.err.println("NEO4J_PASSWORD must have at least 8 characters");
      System.exit(2);
    }

    DatabaseManagementService service =
        new DatabaseManagementServiceBuilder(home)
            .setConfig(BoltConnector.enabled, true)
            .setConfig(BoltConnector.listen_address, new SocketAddress(HOST, port))
            .setConfig(BoltConnector.advertised_address, new SocketAddress(HOST, port))
            .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
            .setConfig(HttpConnector.enabled, false)
            .setConfig(HttpsConnector.enabled, false)
            .setConfig(GraphDatabaseSettings.auth_enabled, true)
            .setConfig(GraphDatabaseSettings.pagecache_memory, pageCache)
            .setConfig(GraphDatabaseSettings.keep_logical_logs, "false")
            .setConfig(GraphDatabaseSettings.udc_enabled, false)
            .setConfig(GraphDatabaseSettings.plugin_dir, plugins)
            .setConfig(GraphDatabaseSettings.procedure_unrestricted, List.of("gds.*"))
            .build();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  service.shutdown();
                  System.out.println("partner-atlas-neo4j stopped");
                },
                "partner-atlas-neo4j-shutdown"));

    setPassword(service.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME), user, password);
    waitForBolt(port);
    System.out.println("partner-atlas-neo4j ready bolt://" + HOST + ":" + port);
    System.out.flush();
    Thread.currentThread().join();
  }

  /** Make `user` log in with `password` without a forced change, whatever the store held before. */
  private static void setPassword(GraphDatabaseService system, String user, String password) {
    String cypher =
        "neo4j".equals(user)
            ? "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED"
            : "CREATE OR REPLACE USER `" + user.replace("`", "``") + "` SET PASSWORD $password CHANGE NOT REQUIRED";
    try {
      system.executeTransactionally(cypher, Map.of("password", password));
    } catch (QueryExecutionException e) {
      // Re-setting the same password is refused; the user can already log in then.
      if (!e.getMessage().toLowerCase(Locale.ROOT).contains("same")) throw e;
    }
  }

  private static void waitForBolt(int port) throws InterruptedException {
    for (int attempt = 0; attempt < 600; attempt++) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(HOST, port), 500);
        return;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    throw new IllegalStateException("Bolt did not open on " + HOST + ":" + port + " within 60 s");
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value.trim();
  }

  private static long parseBytes(String text) {
    String t = text.toLowerCase(Locale.ROOT);
    long unit = 1;
    if (t.endsWith("k")) unit = 1L << 10;
    else if (t.endsWith("m")) unit = 1L << 20;
    else if (t.endsWith("g")) unit = 1L << 30;
    String digits = unit == 1 ? t : t.substring(0, t.length() - 1);
    return Long.parseLong(digits) * unit;
  }
}
