package io.promptengine.bootstrap;

import io.promptengine.bootstrap.CrashLedger.Ack;
import io.promptengine.bootstrap.CrashLedger.DefinitionFact;
import io.promptengine.bootstrap.CrashLedger.ExecutionFact;
import io.promptengine.bootstrap.CrashLedger.KeyFact;
import io.promptengine.bootstrap.CrashLedger.Surface;
import io.promptengine.bootstrap.CrashLedger.TenantFact;
import io.promptengine.bootstrap.CrashLedger.VersionFact;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;

/**
 * One round's writes against the server, recorded in the ledger as each is acknowledged: a burst from several client
 * threads (sync and async executions with inputs of a few kilobytes, keys created and revoked, tenants created,
 * given keys and deactivated, endpoints with prompts, versions, publishes and a run), then a tail of single writes
 * one at a time. Each thread's choices come from the round's seed. A thread stops at the first request the server
 * does not answer: the kill.
 */
final class CrashLoad {

    /** How much one round writes: client threads, tasks per thread, and the range of an input's length. */
    record Size(int threads, int tasksPerThread, int minChars, int maxChars) {

        int tasks() {
            return threads * tasksPerThread;
        }
    }

    /** The plan every tenant of the run is on: limits that never bind, so every refusal is worth reporting. */
    static final String PLAN = "crash";

    private static final String INPUT_SCHEMA = "{\"type\":\"object\",\"required\":[\"text\"],"
            + "\"properties\":{\"text\":{\"type\":\"string\",\"minLength\":1}}}";

    private final CrashHttp http;
    private final CrashLedger ledger;
    private final int round;
    private final long seed;
    private final Size size;
    private final CountDownLatch killPoint;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong lastAck = new AtomicLong(Long.MIN_VALUE);
    private final Map<String, AtomicInteger> acknowledged = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> anomalies = new ConcurrentHashMap<>();

    /** @param killAfter the number of acknowledgements {@link #awaitAcknowledged} waits for */
    CrashLoad(CrashHttp http, CrashLedger ledger, int round, long seed, Size size, int killAfter) {
        this.http = http;
        this.ledger = ledger;
        this.round = round;
        this.seed = seed;
        this.size = size;
        this.killPoint = new CountDownLatch(killAfter);
    }

    /** Thrown when the server did not answer: the thread's work ends there. */
    private static final class ServerGone extends RuntimeException {

        ServerGone() {
            super(null, null, false, false);
        }
    }

    /** The first round's set-up: the plan without limits, and the demo tenant on it. */
    void setUp() {
        call("plan", RunningApp.ADMIN_KEY, "POST", "/v1/admin/plans",
                "{\"name\":\"" + PLAN + "\",\"requests_per_minute\":100000000}").ifPresent(reply -> ledger.add(
                        new DefinitionFact("plan " + PLAN, RunningApp.ADMIN_KEY, "/v1/admin/plans/" + PLAN, "name",
                                PLAN, reply.ack())));
        call("tenant moved", RunningApp.ADMIN_KEY, "PATCH", "/v1/admin/tenants/demo",
                "{\"plan\":\"" + PLAN + "\"}").ifPresent(reply -> ledger.add(
                        new TenantFact("demo", PLAN, reply.ack())));
    }

    /** The burst: every thread's tasks, until done or until the server stops answering. */
    void burst() throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < size.threads(); t++) {
            int thread = t;
            Thread worker = new Thread(() -> worker(thread), "crash-load-r" + round + "-" + t);
            worker.setDaemon(true);
            threads.add(worker);
            worker.start();
        }
        for (Thread worker : threads) {
            worker.join(TimeUnit.MINUTES.toMillis(5));
            if (worker.isAlive()) {
                throw new IllegalStateException(worker.getName() + " still runs after 5 minutes");
            }
        }
    }

    /**
     * The writes of the report, one at a time after the burst: a key, a key revoked, a tenant with a key
     * deactivated, an endpoint, a sync and an async execution. False when the server stopped answering.
     */
    boolean tail() {
        SplittableRandom random = new SplittableRandom(seed);
        String tag = "r" + round + "-tail";
        try {
            demoKey(tag + "-kept", false);
            demoKey(tag + "-revoked", true);
            tenant(random, tag, true);
            endpoint(tag);
            execution(random, false);
            execution(random, true);
            return true;
        } catch (ServerGone e) {
            return false;
        }
    }

    /** Waits until {@code killAfter} writes were acknowledged, or until {@code burst} has ended. */
    void awaitAcknowledged(Thread burst) throws InterruptedException {
        while (!killPoint.await(1, TimeUnit.MILLISECONDS)) {
            if (!burst.isAlive()) {
                return;
            }
        }
    }

    int inFlight() {
        return inFlight.get();
    }

    /** {@link System#nanoTime} of the latest acknowledgement, {@link Long#MIN_VALUE} before the first. */
    long lastAcknowledged() {
        return lastAck.get();
    }

    /** Acknowledged writes by kind. */
    SortedMap<String, Integer> acknowledged() {
        return counts(acknowledged);
    }

    /**
     * Answers that acknowledged nothing (a status other than 2xx, by request and status) or were wrong: none is
     * expected from a server that is up.
     */
    SortedMap<String, Integer> anomalies() {
        return counts(anomalies);
    }

    private void worker(int thread) {
        SplittableRandom random = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (thread + 1)));
        try {
            for (int task = 0; task < size.tasksPerThread(); task++) {
                int pick = random.nextInt(100);
                String tag = "r" + round + "-t" + thread + "-" + task;
                if (pick < 50) {
                    execution(random, false);
                } else if (pick < 84) {
                    execution(random, true);
                } else if (pick < 90) {
                    demoKey(tag, random.nextBoolean());
                } else if (pick < 95) {
                    tenant(random, tag, random.nextBoolean());
                } else {
                    definitions(random, tag);
                }
            }
        } catch (ServerGone e) {
            // the kill: this thread's round is over
        }
    }

    private void execution(SplittableRandom random, boolean async) {
        long textSeed = random.nextLong();
        int length = random.nextInt(size.minChars(), size.maxChars() + 1);
        String text = CrashLedger.text(textSeed, length);
        String body = Api.JSON.writeValueAsString(Map.of("model", "echo", "input", text));
        Optional<Acknowledged> reply = async
                ? call("async execution", RunningApp.DEMO_KEY, "POST", "/v1/prompt/execute", body, "Prefer",
                        "respond-async")
                : call("sync execution", RunningApp.DEMO_KEY, "POST", "/v1/prompt/execute", body);
        reply.ifPresent(acknowledged -> {
            JsonNode answer = acknowledged.json();
            if (!async && !text.equals(answer.path("output").asString())) {
                anomalies.computeIfAbsent("sync execution answered another output", k -> new AtomicInteger())
                        .incrementAndGet();
            }
            ledger.add(new ExecutionFact(answer.path("id").asString(), async ? Surface.ASYNC : Surface.SYNC,
                    textSeed, length, acknowledged.ack()));
        });
    }

    /** A demo tenant's key made with its own manage key, revoked with it too when {@code revoke}. */
    private void demoKey(String tag, boolean revoke) {
        key(RunningApp.DEMO_KEY, null, tag, revoke);
    }

    private Optional<KeyFact> key(String managingKey, TenantFact tenant, String tag, boolean revoke) {
        Optional<KeyFact> key = call("key created", managingKey, "POST", "/v1/api-keys",
                "{\"name\":\"" + tag + "\",\"scopes\":[\"execute\",\"read\"]}").map(reply -> new KeyFact(
                        reply.json().path("id").asString(), reply.json().path("secret").asString(), tenant,
                        reply.ack()));
        key.ifPresent(ledger::add);
        if (revoke && key.isPresent()) {
            key.get().revoking();
            call("key revoked", managingKey, "DELETE", "/v1/api-keys/" + key.get().id(), null)
                    .ifPresent(reply -> key.get().revoked(reply.ack()));
        }
        return key;
    }

    /**
     * A tenant by the operator, its key by the operator (execute, read, manage), maybe a second key made and revoked
     * by the tenant itself, and the tenant deactivated when {@code deactivate}.
     */
    private void tenant(SplittableRandom random, String tag, boolean deactivate) {
        Optional<TenantFact> tenant = call("tenant created", RunningApp.ADMIN_KEY, "POST", "/v1/admin/tenants",
                "{\"slug\":\"" + tag + "\",\"name\":\"" + tag + "\",\"plan\":\"" + PLAN + "\"}")
                .map(reply -> new TenantFact(tag, PLAN, reply.ack()));
        if (tenant.isEmpty()) {
            return;
        }
        ledger.add(tenant.get());
        Optional<KeyFact> operatorKey = call("operator key created", RunningApp.ADMIN_KEY, "POST",
                "/v1/admin/tenants/" + tag + "/api-keys", "{\"name\":\"ops\",\"scopes\":[\"execute\",\"read\","
                        + "\"manage\"]}").map(reply -> new KeyFact(reply.json().path("id").asString(),
                                reply.json().path("secret").asString(), tenant.get(), reply.ack()));
        operatorKey.ifPresent(ledger::add);
        if (operatorKey.isPresent() && random.nextBoolean()) {
            key(operatorKey.get().secret(), tenant.get(), tag + "-own", random.nextBoolean());
        }
        if (deactivate) {
            tenant.get().deactivating();
            call("tenant deactivated", RunningApp.ADMIN_KEY, "PATCH", "/v1/admin/tenants/" + tag,
                    "{\"active\":false}").ifPresent(reply -> tenant.get().deactivated(reply.ack()));
        }
    }

    private Optional<String> endpoint(String tag) {
        String path = "/crash/" + tag;
        Optional<String> id = call("endpoint created", RunningApp.DEMO_KEY, "POST", "/v1/endpoints",
                "{\"path\":\"" + path + "\",\"input_schema\":" + INPUT_SCHEMA + "}").map(reply -> {
                    String endpointId = reply.json().path("id").asString();
                    ledger.add(new DefinitionFact("endpoint " + endpointId, RunningApp.DEMO_KEY,
                            "/v1/endpoints/" + endpointId, "path", path, reply.ack()));
                    return endpointId;
                });
        return id;
    }

    /** An endpoint, its prompt, version 1 published, a run of it, and maybe version 2 published over it. */
    private void definitions(SplittableRandom random, String tag) {
        Optional<String> endpoint = endpoint(tag);
        if (endpoint.isEmpty()) {
            return;
        }
        Optional<String> prompt = call("prompt created", RunningApp.DEMO_KEY, "POST", "/v1/prompts",
                "{\"name\":\"" + tag + "\",\"endpoint_id\":\"" + endpoint.get() + "\",\"title\":\"crash\"}")
                .map(reply -> {
                    String promptId = reply.json().path("id").asString();
                    ledger.add(new DefinitionFact("prompt " + promptId, RunningApp.DEMO_KEY,
                            "/v1/prompts/" + promptId, "name", tag, reply.ack()));
                    return promptId;
                });
        if (prompt.isEmpty()) {
            return;
        }
        Optional<VersionFact> first = version(prompt.get());
        if (first.isEmpty() || !publish(prompt.get(), first.get(), null)) {
            return;
        }
        run(random, tag);
        if (random.nextBoolean()) {
            version(prompt.get()).ifPresent(second -> publish(prompt.get(), second, first.get()));
        }
    }

    private Optional<VersionFact> version(String promptId) {
        Optional<VersionFact> version = call("version created", RunningApp.DEMO_KEY, "POST",
                "/v1/prompts/" + promptId + "/versions", "{\"user_template\":\"Say: {{text}}\",\"model\":\"echo\"}")
                .map(reply -> new VersionFact(promptId, reply.json().path("version").asInt(), reply.ack()));
        version.ifPresent(ledger::add);
        return version;
    }

    /** Publishes {@code version} over {@code live} (null when none is live); true once acknowledged. */
    private boolean publish(String promptId, VersionFact version, VersionFact live) {
        version.expect(Set.of("draft", "live"), null);
        if (live != null) {
            live.expect(Set.of("live", "archived"), null);
        }
        Optional<Acknowledged> reply = call("version published", RunningApp.DEMO_KEY, "POST",
                "/v1/prompts/" + promptId + "/versions/" + version.version() + "/publish", null);
        reply.ifPresent(published -> {
            version.expect(Set.of("live"), published.ack());
            if (live != null) {
                live.expect(Set.of("archived"), published.ack());
            }
        });
        return reply.isPresent();
    }

    private void run(SplittableRandom random, String tag) {
        long textSeed = random.nextLong();
        int length = random.nextInt(size.minChars(), size.maxChars() + 1);
        String text = CrashLedger.text(textSeed, length);
        call("endpoint execution", RunningApp.DEMO_KEY, "POST", "/crash/" + tag,
                Api.JSON.writeValueAsString(Map.of("text", text))).ifPresent(reply -> {
                    if (!reply.reply().body().equals("Say: " + text)) {
                        anomalies.computeIfAbsent("endpoint answered another output", k -> new AtomicInteger())
                                .incrementAndGet();
                    }
                    reply.reply().header("X-Execution-Id").ifPresent(id -> ledger.add(
                            new ExecutionFact(id, Surface.ENDPOINT, textSeed, length, reply.ack())));
                });
    }

    /** A 2xx answer and when it was read. */
    private record Acknowledged(Api.Reply reply, Ack ack) {

        JsonNode json() {
            return reply.json();
        }
    }

    /** The answer when it is 2xx; empty (and counted) when refused; {@link ServerGone} when there is none. */
    private Optional<Acknowledged> call(String kind, String key, String method, String path, String json,
            String... header) {
        inFlight.incrementAndGet();
        Optional<Api.Reply> reply;
        try {
            reply = http.send(key, method, path, json, header);
        } finally {
            inFlight.decrementAndGet();
        }
        if (reply.isEmpty()) {
            throw new ServerGone();
        }
        long now = System.nanoTime();
        int status = reply.get().status();
        if (status < 200 || status > 299) {
            anomalies.computeIfAbsent(kind + " " + status, k -> new AtomicInteger()).incrementAndGet();
            return Optional.empty();
        }
        acknowledged.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
        lastAck.accumulateAndGet(now, Math::max);
        killPoint.countDown();
        return Optional.of(new Acknowledged(reply.get(), new Ack(round, now)));
    }

    private static SortedMap<String, Integer> counts(Map<String, AtomicInteger> counters) {
        SortedMap<String, Integer> counts = new TreeMap<>();
        counters.forEach((kind, count) -> counts.put(kind, count.get()));
        return counts;
    }
}
