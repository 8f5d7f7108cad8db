package io.promptengine.adapters.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import com.zaxxer.hikari.metrics.IMetricsTracker;
import io.promptengine.application.port.out.ApiKeyStore;
import io.promptengine.application.port.out.AuditEventStore;
import io.promptengine.application.port.out.Clock;
import io.promptengine.application.port.out.ConsoleSessionStore;
import io.promptengine.application.port.out.ConversationStore;
import io.promptengine.application.port.out.EndpointStore;
import io.promptengine.application.port.out.ExecutionQueue;
import io.promptengine.application.port.out.ExecutionStore;
import io.promptengine.application.port.out.HealthCheck;
import io.promptengine.application.port.out.IdempotencyStore;
import io.promptengine.application.port.out.InstanceRegistry;
import io.promptengine.application.port.out.MonthlyTokenUsage;
import io.promptengine.application.port.out.OperatorKeyStore;
import io.promptengine.application.port.out.PlanStore;
import io.promptengine.application.port.out.PromptStore;
import io.promptengine.application.port.out.RateLimiter;
import io.promptengine.application.port.out.TenantStore;
import io.promptengine.application.port.out.TokenMeter;
import io.promptengine.application.port.out.UsageReports;
import io.promptengine.application.port.out.WebhookOutbox;
import io.promptengine.application.port.out.WebhookStore;
import io.promptengine.domain.error.UnavailableException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatements;

/**
 * The relational database behind every store: a connection pool, the schema brought up to date by the Flyway
 * migrations in {@code db/migration}, and the stores that read and write it. Close it last, after the work that
 * uses the stores has stopped.
 *
 * <p>An H2 URL ({@code jdbc:h2:…}) is opened in PostgreSQL mode, so one set of migrations and queries serves both
 * databases; a setting already in the URL wins over ours. Every store write on H2 is followed by a
 * {@code CHECKPOINT}, shared with the writes that commit concurrently, so it is in the file before the store
 * method returns and survives the process dying (H2 does not fsync each write, so an operating-system crash may
 * still lose the last ones). That holds only on an H2 release that recovers its file correctly after
 * {@code kill -9}: {@link H2Release} refuses the others.
 *
 * <p>While the database is unreachable every store call fails within the connection timeout with an
 * {@code UnavailableException}, as does a statement cut off by the connection dropping ({@link ConnectionLoss}); the
 * pool reconnects by itself once the database is back.
 *
 * <p>Instants are stored as UTC at microsecond precision; finer ones are truncated on write, so reading returns
 * exactly the truncated instant.
 */
public final class Database implements AutoCloseable {

    /** The embedded database of a single-jar installation, relative to the working directory. */
    public static final String DEFAULT_URL = "jdbc:h2:file:./data/prompt-engine";

    private static final String H2_PREFIX = "jdbc:h2:";
    private static final Map<String, String> H2_SETTINGS = h2Settings();
    /** The settings of {@link #H2_SETTINGS} that the schema and queries, and the file's durability, depend on. */
    private static final List<String> H2_REQUIRED = List.of("MODE", "DATABASE_TO_LOWER", "DEFAULT_NULL_ORDERING",
            "AUTO_COMPACT_FILL_RATE", "MAX_COMPACT_TIME");
    /** How long a request waits for a free connection, by default, before it is answered 503. */
    public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(2);
    /** The shortest wait the pool accepts. */
    public static final Duration MIN_CONNECTION_TIMEOUT = Duration.ofMillis(250);

    /** Where connections come from: our own pool, or the host's data source. */
    private final DataSource source;
    /** Whether {@link #source} is our pool, which {@link #close} closes; a host's data source stays open. */
    private final boolean owned;
    /** Guarded by {@code this}. */
    private boolean closed;
    private final JdbiExecutionStore executions;
    private final ExecutionQueue executionQueue;
    private final TenantStore tenants;
    private final ApiKeyStore apiKeys;
    private final PlanStore plans;
    private final OperatorKeyStore operatorKey;
    private final ConsoleSessionStore consoleSessions;
    private final HealthCheck healthCheck;
    private final JdbiMonthlyTokenUsage monthlyTokenUsage;
    private final EndpointStore endpoints;
    private final PromptStore prompts;
    private final ConversationStore conversations;
    private final IdempotencyStore idempotencyKeys;
    private final AuditEventStore auditEvents;
    private final InstanceRegistry instances;
    private final WebhookStore webhooks;
    private final WebhookOutbox webhookOutbox;
    private final Jdbi jdbi;
    private final Durability durability;
    private final boolean h2;
    /** Made on first use, when limits are counted in the database; guarded by {@code this}. */
    private JdbiTokenMeter tokenMeter;
    private final JdbiUsageReports usageReports;

    /**
     * Opens the pool and migrates the schema; fails if the database cannot be reached or migrated.
     *
     * @param user the database user; empty for none
     * @param password the user's password; empty for none
     */
    public Database(String jdbcUrl, String user, String password, int maxPoolSize) {
        this(jdbcUrl, user, password, maxPoolSize, DEFAULT_CONNECTION_TIMEOUT);
    }

    /**
     * Opens the pool and migrates the schema; fails if the database cannot be reached or migrated.
     *
     * @param user the database user; empty for none
     * @param password the user's password; empty for none
     * @param connectionTimeout how long a store call waits for a connection (a free one, or a new one while the
     *        database is down) before it fails as unavailable; at least {@link #MIN_CONNECTION_TIMEOUT}
     */
    public Database(String jdbcUrl, String user, String password, int maxPoolSize, Duration connectionTimeout) {
        this(ownPool(jdbcUrl, user, password, maxPoolSize, connectionTimeout), true, jdbcUrl);
    }

    /**
     * Uses {@code hostOwned}, a data source the host application made and closes itself: the schema is migrated on
     * it as on a URL of ours, and {@link #close} closes everything of this database but the data source. An H2
     * data source must be opened in the mode our queries are written for, with the settings that
     * {@link #h2Url(String)} adds to a URL; a database it cannot reach fails here. An in-process H2 database is
     * taken to be this process's alone (see {@link #instances()}), as the URL's {@code AUTO_SERVER} cannot be read
     * back from it.
     */
    public static Database over(DataSource hostOwned) {
        Objects.requireNonNull(hostOwned, "hostOwned");
        String url = urlOf(hostOwned);
        if (isH2(url)) {
            requireH2Settings(hostOwned);
        }
        return new Database(hostOwned, false, url);
    }

    private Database(DataSource source, boolean owned, String jdbcUrl) {
        this.source = source;
        this.owned = owned;
        try {
            if (isH2(jdbcUrl)) {
                H2Release.requireVerified(source);
            }
            Schema.migrate(source);
        } catch (RuntimeException e) {
            closeOwnPool();
            throw e;
        }
        this.jdbi = Jdbi.create(() -> {
            try {
                return source.getConnection();
            } catch (SQLException e) {
                throw new UnavailableException(ConnectionLoss.MESSAGE, e);
            }
        });
        jdbi.getConfig(SqlStatements.class).addExceptionHandler(ConnectionLoss::handle);
        this.h2 = isH2(jdbcUrl);
        this.durability = h2 ? new GroupDurability(Durability.H2_CHECKPOINT) : Durability.ON_COMMIT;
        GroupCommitWriter executionWriter = new GroupCommitWriter("prompt-engine-execution-writer", jdbi, durability);
        this.executions = new JdbiExecutionStore(jdbi, executionWriter);
        this.executionQueue = new JdbiExecutionQueue(jdbi, executionWriter, !h2);
        this.tenants = new JdbiTenantStore(jdbi, durability);
        this.apiKeys = new JdbiApiKeyStore(jdbi, durability);
        this.plans = new JdbiPlanStore(jdbi, durability);
        this.operatorKey = new JdbiOperatorKeyStore(jdbi, durability);
        this.consoleSessions = new JdbiConsoleSessionStore(jdbi, durability);
        this.healthCheck = new DatabaseHealthCheck(jdbi);
        this.monthlyTokenUsage = new JdbiMonthlyTokenUsage(jdbi, durability);
        this.endpoints = new JdbiEndpointStore(jdbi, durability);
        this.prompts = new JdbiPromptStore(jdbi, durability);
        this.conversations = new JdbiConversationStore(jdbi, durability);
        this.idempotencyKeys = new JdbiIdempotencyStore(jdbi, durability);
        this.auditEvents = new JdbiAuditEventStore(jdbi);
        this.instances = new JdbiInstanceRegistry(jdbi, isExclusive(jdbcUrl));
        this.usageReports = new JdbiUsageReports(jdbi);
        this.webhooks = new JdbiWebhookStore(jdbi, durability);
        this.webhookOutbox = new JdbiWebhookOutbox(jdbi, durability, !h2);
    }

    private static HikariDataSource ownPool(String jdbcUrl, String user, String password, int maxPoolSize,
            Duration connectionTimeout) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        if (maxPoolSize < 1) {
            throw new IllegalArgumentException("maxPoolSize must be at least 1");
        }
        if (connectionTimeout.compareTo(MIN_CONNECTION_TIMEOUT) < 0) {
            throw new IllegalArgumentException("connectionTimeout must be at least " + MIN_CONNECTION_TIMEOUT);
        }
        return new HikariDataSource(poolConfig(jdbcUrl, user, password, maxPoolSize, connectionTimeout));
    }

    /** The URL a data source connects to, as its driver reports it (H2 leaves the settings out). */
    private static String urlOf(DataSource source) {
        try (Connection connection = source.getConnection()) {
            return connection.getMetaData().getURL();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not open a connection of the data source: " + e.getMessage(), e);
        }
    }

    /**
     * Refuses an H2 database that lacks a setting our schema and queries depend on, or one that compacts its file
     * by moving chunks (which lost acknowledged writes to a kill), as the database reports its settings; those that
     * only tune H2 (space reuse, closing on exit) are left to the host.
     */
    private static void requireH2Settings(DataSource source) {
        Map<String, String> actual = new LinkedHashMap<>();
        try (Connection connection = source.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT setting_name, setting_value FROM "
                        + "information_schema.settings")) {
            while (rows.next()) {
                actual.put(rows.getString(1).toUpperCase(Locale.ROOT), rows.getString(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the H2 settings: " + e.getMessage(), e);
        }
        for (String key : H2_REQUIRED) {
            String wanted = H2_SETTINGS.get(key);
            if (!wanted.equalsIgnoreCase(actual.get(key))) {
                throw new IllegalArgumentException("An H2 data source must be opened with ;" + key + "=" + wanted
                        + ", not " + actual.get(key) + " (Database.h2Url adds the settings Prompt Engine needs to a "
                        + "URL)");
            }
        }
    }

    /**
     * {@code jdbcUrl} with the settings Prompt Engine opens H2 with, where the URL does not set them itself; for a
     * host that makes its own H2 data source for {@link #over}. Other URLs are returned unchanged.
     */
    public static String h2Url(String jdbcUrl) {
        return withH2Settings(Objects.requireNonNull(jdbcUrl, "jdbcUrl"));
    }

    /** Sums over the executions table, read straight from the database. */
    public UsageReports usageReports() {
        return usageReports;
    }

    /** Deleting an endpoint deletes its deliveries. */
    public WebhookStore webhooks() {
        return webhooks;
    }

    /**
     * The deliveries of webhook events, shared by every instance's delivery workers; the execution store writes
     * those of an execution's end in the transaction that ends it.
     */
    public WebhookOutbox webhookOutbox() {
        return webhookOutbox;
    }

    public AuditEventStore auditEvents() {
        return auditEvents;
    }

    public ExecutionStore executions() {
        return executions;
    }

    /** The async executions of {@link #executions()}, as a queue shared by every instance on this database. */
    public ExecutionQueue executionQueue() {
        return executionQueue;
    }

    /**
     * How many executions wait in the shared queue and when the oldest of them was created, read for metrics at
     * each scrape: one count over the queued rows of the {@code (status, id)} index.
     */
    public QueueBacklog queueBacklog() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT COUNT(*) AS queued, MIN(created_at) AS oldest "
                        + "FROM executions WHERE status = 'queued'")
                .map((row, context) -> new QueueBacklog(row.getLong("queued"),
                        Columns.optionalInstant(row, "oldest")))
                .one());
    }

    /** What {@link #queueBacklog()} read: the queued executions, and the creation of the oldest one, if any. */
    public record QueueBacklog(long queued, Optional<Instant> oldestCreatedAt) {

        public QueueBacklog {
            Objects.requireNonNull(oldestCreatedAt, "oldestCreatedAt");
        }
    }

    /** The connections of this database's own pool now, for metrics; empty over a host's data source. */
    public Optional<PoolState> poolState() {
        if (!owned) {
            return Optional.empty();
        }
        HikariDataSource pool = (HikariDataSource) source;
        HikariPoolMXBean bean = pool.getHikariPoolMXBean();
        if (bean == null) {
            return Optional.empty();
        }
        return Optional.of(new PoolState(bean.getActiveConnections(), bean.getIdleConnections(),
                bean.getThreadsAwaitingConnection(), bean.getTotalConnections(), pool.getMaximumPoolSize()));
    }

    /** What {@link #poolState()} read: connections in use, open and free, waited for, open, and the most allowed. */
    public record PoolState(int active, int idle, int pending, int total, int maximum) {
    }

    /**
     * Tells {@code timings} of every connection this database's own pool lends from now on: how long the borrower
     * waited for it, how long it kept it, and each wait that timed out. Once per database; nothing over a host's
     * data source, whose pool is the host's to measure.
     *
     * @throws IllegalStateException when the pool is timed already
     */
    public void timePool(PoolTimings timings) {
        Objects.requireNonNull(timings, "timings");
        if (!owned) {
            return;
        }
        ((HikariDataSource) source).setMetricsTrackerFactory((pool, stats) -> new IMetricsTracker() {
            @Override
            public void recordConnectionAcquiredNanos(long elapsedNanos) {
                timings.acquired(Duration.ofNanos(elapsedNanos));
            }

            @Override
            public void recordConnectionUsageMillis(long elapsedMillis) {
                timings.used(Duration.ofMillis(elapsedMillis));
            }

            @Override
            public void recordConnectionTimeout() {
                timings.timedOut();
            }
        });
    }

    /** What the pool tells {@link #timePool} of each connection it lends; called on the borrowing thread. */
    public interface PoolTimings {

        /** A connection was lent after {@code waited}. */
        void acquired(Duration waited);

        /** A connection came back after being kept for {@code held} (to the millisecond, as the pool measures). */
        void used(Duration held);

        /** A borrower gave up waiting for a connection (after the pool's connection timeout). */
        void timedOut();
    }

    public TenantStore tenants() {
        return tenants;
    }

    public ApiKeyStore apiKeys() {
        return apiKeys;
    }

    /** Written in batches by a background thread; {@link #close} writes the last batch. */
    public MonthlyTokenUsage monthlyTokenUsage() {
        return monthlyTokenUsage;
    }

    public PlanStore plans() {
        return plans;
    }

    public OperatorKeyStore operatorKey() {
        return operatorKey;
    }

    /** Deleting an endpoint deletes its prompts, their versions and conversations. */
    /** The console's sessions. */
    public ConsoleSessionStore consoleSessions() {
        return consoleSessions;
    }

    public EndpointStore endpoints() {
        return endpoints;
    }

    public PromptStore prompts() {
        return prompts;
    }

    public ConversationStore conversations() {
        return conversations;
    }

    /** Idempotency keys of every tenant, claimed by insert so that instances sharing the database agree. */
    public IdempotencyStore idempotencyKeys() {
        return idempotencyKeys;
    }

    /**
     * The instances on this database and their heartbeats. On an embedded H2 database, which only one process can
     * open, the instances of this process are the only ones alive.
     */
    public InstanceRegistry instances() {
        return instances;
    }

    /**
     * A rate limiter whose counts live in this database, so that every instance on it shares them exactly; costs a
     * transaction per decision. {@code InMemoryRateLimiter} is the one for a single instance.
     */
    public RateLimiter sharedRateLimiter() {
        return new JdbiRateLimiter(jdbi);
    }

    /**
     * The token meter whose records live in this database, shared by every instance on it; written in batches by
     * a background thread that {@link #close} stops after writing the last batch. The same one on every call.
     */
    public synchronized TokenMeter sharedTokenMeter() {
        if (tokenMeter == null) {
            tokenMeter = new JdbiTokenMeter(jdbi);
        }
        return tokenMeter;
    }

    /**
     * Deletes ended executions created more than {@code maxAge} ago, in batches, now and then every
     * {@code interval} on a thread of its own until closed; safe to run on several instances at once.
     */
    public ExecutionRetention startRetention(Duration maxAge, Duration interval, Clock clock) {
        return ExecutionRetention.start(jdbi, !h2, durability, maxAge, interval, clock);
    }

    /** Named {@code database}; a cheap query with a short timeout. */
    public HealthCheck healthCheck() {
        return healthCheck;
    }

    /**
     * Writes the executions still queued and the token usage not yet written, then closes every connection of our
     * own pool (an embedded H2 database is then closed too); a host's data source is left open. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            executions.close();
            monthlyTokenUsage.close();
            synchronized (this) {
                if (tokenMeter != null) {
                    tokenMeter.close();
                }
            }
        } finally {
            closeOwnPool();
        }
    }

    private void closeOwnPool() {
        if (owned) {
            ((HikariDataSource) source).close();
        }
    }

    private static HikariConfig poolConfig(String jdbcUrl, String user, String password, int maxPoolSize,
            Duration connectionTimeout) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("prompt-engine-db");
        config.setJdbcUrl(withH2Settings(jdbcUrl));
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(maxPoolSize);
        config.setConnectionTimeout(connectionTimeout.toMillis());
        // idle connections are tested every 30 s, so one the database dropped (a restart) is replaced before a
        // request takes it
        config.setKeepaliveTime(Duration.ofSeconds(30).toMillis());
        return config;
    }

    /** The URL with our H2 settings added where it does not set them itself; other URLs unchanged. */
    static String withH2Settings(String jdbcUrl) {
        if (!isH2(jdbcUrl)) {
            return jdbcUrl;
        }
        String[] parts = jdbcUrl.split(";");
        StringBuilder url = new StringBuilder(jdbcUrl);
        for (Map.Entry<String, String> setting : H2_SETTINGS.entrySet()) {
            if (!setsKey(parts, setting.getKey())) {
                url.append(';').append(setting.getKey()).append('=').append(setting.getValue());
            }
        }
        return url.toString();
    }

    private static boolean isH2(String jdbcUrl) {
        return jdbcUrl.regionMatches(true, 0, H2_PREFIX, 0, H2_PREFIX.length());
    }

    /**
     * Whether only this process can open the database: H2 opened in-process (a file or memory database) locks it
     * to one process, unless {@code AUTO_SERVER} lets others in through the first; a server URL is shared.
     */
    static boolean isExclusive(String jdbcUrl) {
        if (!isH2(jdbcUrl)) {
            return false;
        }
        String url = jdbcUrl.toLowerCase(Locale.ROOT);
        String location = url.substring(H2_PREFIX.length());
        if (location.startsWith("tcp:") || location.startsWith("ssl:")) {
            return false;
        }
        return !setting(jdbcUrl.split(";"), "AUTO_SERVER").map(value -> value.equalsIgnoreCase("TRUE")).orElse(false);
    }

    private static boolean setsKey(String[] urlParts, String key) {
        return setting(urlParts, key).isPresent();
    }

    /** The value an H2 URL's {@code ;KEY=value} parts give {@code key} (upper case), stripped; empty if none. */
    private static Optional<String> setting(String[] urlParts, String key) {
        for (int i = 1; i < urlParts.length; i++) {
            int equals = urlParts[i].indexOf('=');
            String name = equals < 0 ? urlParts[i] : urlParts[i].substring(0, equals);
            if (name.strip().toUpperCase(Locale.ROOT).equals(key)) {
                return Optional.of(equals < 0 ? "" : urlParts[i].substring(equals + 1).strip());
            }
        }
        return Optional.empty();
    }

    private static Map<String, String> h2Settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        // PostgreSQL mode: TEXT is an inline VARCHAR (not a CLOB), identifiers fold to lower case, NULLs sort last
        settings.put("MODE", "PostgreSQL");
        settings.put("DATABASE_TO_LOWER", "TRUE");
        settings.put("DEFAULT_NULL_ORDERING", "HIGH");
        // space freed by newer writes is reused after 2 s instead of 45 s: each durable write stores a chunk, and
        // at thousands of writes per second the default grows the file by gigabytes before any space is reused;
        // below 1 s H2 risks corrupting its file (h2database issues 2752, 4083)
        settings.put("RETENTION_TIME", "2000");
        // H2 never moves chunks within the file, neither in the background writer's compaction nor when the
        // database closes: moving a chunk overwrites the old place at once, whatever RETENTION_TIME says, and in
        // 2.4.240 that path trips H2's own free-space assertions ("AssertionError" in FreeSpaceBitSet.allocate, our
        // H2CrashRecoveryTest with assertions on); a kill during such a move lost old acknowledged rows in our
        // CrashTest. Space of chunks that no longer hold live data is still reused; the file does not shrink by
        // itself (README, "Durability on H2")
        settings.put("AUTO_COMPACT_FILL_RATE", "0");
        settings.put("MAX_COMPACT_TIME", "0");
        // the application closes the database after draining requests, not a JVM shutdown hook before that
        settings.put("DB_CLOSE_ON_EXIT", "FALSE");
        return Collections.unmodifiableMap(settings);
    }
}
