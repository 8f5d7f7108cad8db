package io.promptengine.bootstrap;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.random.RandomGenerator;
import tools.jackson.databind.JsonNode;

/**
 * Every write the crash test's server acknowledged (a 2xx read in full by the client), kept across rounds, and
 * what a restarted server must answer for each. A write whose answer was not seen (in flight at a kill, or refused)
 * never becomes a fact; where it changes an earlier fact (a revocation, a deactivation, a publish), that fact allows
 * both outcomes from then on, or is not checked at all when both outcomes look the same from outside.
 */
final class CrashLedger {

    /** When a write was acknowledged: its round, and {@link System#nanoTime} once its answer had been read. */
    record Ack(int round, long nanos) {
    }

    /** An acknowledged write the restarted server does not answer for as it must. */
    record Loss(String subject, String problem, Ack ack) {
    }

    /** Something the server must answer after any restart. */
    interface Fact {

        /** False while a write on it was in flight at a kill and both of its outcomes answer alike. */
        boolean checkable();

        /** What is wrong with the server's answer, if anything. */
        Optional<Loss> check(CrashHttp http);
    }

    private static final String[] WORDS = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf",
        "hotel", "india", "juliet", "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo",
        "sierra", "tango", "uniform", "victor", "whiskey", "xray", "yankee", "zulu", "durable", "acknowledged"};

    private final ConcurrentLinkedQueue<ExecutionFact> executions = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Fact> definitions = new ConcurrentLinkedQueue<>();

    void add(Fact fact) {
        if (fact instanceof ExecutionFact) {
            executions.add((ExecutionFact) fact);
        } else {
            definitions.add(fact);
        }
    }

    /** Drops a fact found lost, so that each loss is reported once, after the kill that lost it. */
    void forget(Fact fact) {
        executions.remove(fact);
        definitions.remove(fact);
    }

    /**
     * The facts to check after the kill that ended {@code lastRound}: all of them, or (to keep a long run linear)
     * every fact that is not an execution, every execution of {@code lastRound} and {@code sample} of the older
     * ones, drawn by {@code random}.
     */
    List<Fact> toCheck(int lastRound, boolean everything, int sample, RandomGenerator random) {
        List<Fact> facts = new ArrayList<>(definitions);
        List<ExecutionFact> older = new ArrayList<>();
        for (ExecutionFact execution : executions) {
            if (everything || execution.ack().round() == lastRound) {
                facts.add(execution);
            } else {
                older.add(execution);
            }
        }
        for (int i = 0; i < sample && !older.isEmpty(); i++) {
            facts.add(older.remove(random.nextInt(older.size())));
        }
        return facts;
    }

    /** A text of {@code length} words' letters and spaces, the same for the same seed; no character to escape. */
    static String text(long seed, int length) {
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder text = new StringBuilder(length + 16);
        while (text.length() < length) {
            text.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
        }
        text.setLength(length);
        text.setCharAt(length - 1, '.');
        return text.toString();
    }

    /** Where an execution was started; it decides what its record must hold. */
    enum Surface {
        /** {@code POST /v1/prompt/execute}, answered 200: completed, with the echo of its input. */
        SYNC("sync execution"),
        /** The same with {@code Prefer: respond-async}, answered 202: any state, its input kept. */
        ASYNC("async execution"),
        /** A tenant endpoint's live prompt {@code Say: {{text}}}, answered 200: completed, with its output. */
        ENDPOINT("endpoint execution");

        final String noun;

        Surface(String noun) {
            this.noun = noun;
        }
    }

    private static final Set<String> STATES = Set.of("queued", "running", "completed", "failed", "cancelled",
            "timed_out");

    /** An execution and its text, kept as the seed it is made from so that a long run does not hold every input. */
    record ExecutionFact(String id, Surface surface, long textSeed, int textLength, Ack ack) implements Fact {

        @Override
        public boolean checkable() {
            return true;
        }

        @Override
        public Optional<Loss> check(CrashHttp http) {
            Api.Reply reply = http.read(RunningApp.DEMO_KEY, "/v1/executions/" + id);
            if (reply.status() != 200) {
                return loss("answers " + reply.status() + " " + reply.body());
            }
            JsonNode execution = reply.json();
            String status = execution.path("status").asString();
            String text = text(textSeed, textLength);
            if (surface == Surface.ASYNC) {
                if (!STATES.contains(status)) {
                    return loss("has status '" + status + "'");
                }
            } else if (!status.equals("completed")) {
                return loss("is '" + status + "', not completed");
            }
            if (surface != Surface.ENDPOINT && !text.equals(execution.path("input").asString())) {
                return loss("has another input (" + execution.path("input").asString().length() + " characters, "
                        + textLength + " sent)");
            }
            String output = surface == Surface.ENDPOINT ? "Say: " + text : text;
            if (surface != Surface.ASYNC && !output.equals(execution.path("output").asString())) {
                return loss("has another output: " + abbreviated(execution.path("output").asString()));
            }
            return Optional.empty();
        }

        private Optional<Loss> loss(String problem) {
            return Optional.of(new Loss(surface.noun + " " + id, problem, ack));
        }
    }

    /** A tenant made by the operator (or the demo tenant moved to a plan): it exists, on its plan, active or not. */
    static final class TenantFact implements Fact {

        private final String slug;
        private final String plan;
        private Ack ack;
        private boolean deactivated;
        private boolean deactivationUnknown;

        TenantFact(String slug, String plan, Ack ack) {
            this.slug = slug;
            this.plan = plan;
            this.ack = ack;
        }

        String slug() {
            return slug;
        }

        /** A deactivation was sent: until its answer is seen, the tenant may be either. */
        synchronized void deactivating() {
            deactivationUnknown = true;
        }

        synchronized void deactivated(Ack deactivation) {
            deactivated = true;
            deactivationUnknown = false;
            ack = deactivation;
        }

        /** True, false, or empty while a deactivation's answer was not seen. */
        synchronized Optional<Boolean> active() {
            return deactivationUnknown ? Optional.empty() : Optional.of(!deactivated);
        }

        synchronized Ack ack() {
            return ack;
        }

        @Override
        public boolean checkable() {
            return true;
        }

        @Override
        public Optional<Loss> check(CrashHttp http) {
            Api.Reply reply = http.read(RunningApp.ADMIN_KEY, "/v1/admin/tenants/" + slug);
            Optional<Boolean> active = active();
            String subject = "tenant " + slug;
            if (reply.status() != 200) {
                return Optional.of(new Loss(subject, "answers " + reply.status() + " " + reply.body(), ack()));
            }
            JsonNode tenant = reply.json();
            if (!tenant.path("plan").asString().equals(plan)) {
                return Optional.of(new Loss(subject, "is on plan '" + tenant.path("plan").asString() + "', not '"
                        + plan + "'", ack()));
            }
            if (active.isPresent() && tenant.path("active").asBoolean() != active.get()) {
                return Optional.of(new Loss(subject, active.get() ? "is inactive" : "is active again after its "
                        + "deactivation", ack()));
            }
            return Optional.empty();
        }

        @Override
        public String toString() {
            return "tenant " + slug;
        }
    }

    /**
     * A key: it authenticates (the 404 of an execution that does not exist), or is refused 401 once revoked, or 403
     * once its tenant is deactivated.
     */
    static final class KeyFact implements Fact {

        private static final String PROBE = "exec_00CrashProbeNeverWritten";

        private final String id;
        private final String secret;
        /** Null for the demo tenant, which the crash test never deactivates. */
        private final TenantFact tenant;
        private Ack ack;
        private boolean revoked;
        private boolean revocationUnknown;

        KeyFact(String id, String secret, TenantFact tenant, Ack ack) {
            this.id = id;
            this.secret = secret;
            this.tenant = tenant;
            this.ack = ack;
        }

        String id() {
            return id;
        }

        String secret() {
            return secret;
        }

        /** A revocation was sent: until its answer is seen, a 401 may be the revocation or a lost key alike. */
        synchronized void revoking() {
            revocationUnknown = true;
        }

        synchronized void revoked(Ack revocation) {
            revoked = true;
            revocationUnknown = false;
            ack = revocation;
        }

        @Override
        public synchronized boolean checkable() {
            return !revocationUnknown;
        }

        @Override
        public Optional<Loss> check(CrashHttp http) {
            boolean isRevoked;
            Ack keyAck;
            synchronized (this) {
                isRevoked = revoked;
                keyAck = ack;
            }
            Optional<Boolean> tenantActive = tenant == null ? Optional.of(true) : tenant.active();
            // the lightest authenticated read: a key that authenticates is told the execution does not exist
            int answer = http.read(secret, "/v1/executions/" + PROBE).status();
            int status = answer == 404 ? 200 : answer;
            String subject = "key " + id + (tenant == null ? " (demo tenant)" : " of tenant " + tenant.slug());
            if (isRevoked) {
                return status == 401 ? Optional.empty()
                        : Optional.of(new Loss(subject, "revoked, yet answered " + status, keyAck));
            }
            if (tenantActive.isEmpty()) {
                return status == 200 || status == 403 ? Optional.empty()
                        : Optional.of(new Loss(subject, "answered " + status + ", not 200 or 403", keyAck));
            }
            if (tenantActive.get()) {
                return status == 200 ? Optional.empty()
                        : Optional.of(new Loss(subject, "no longer authenticates: " + status, keyAck));
            }
            return status == 403 ? Optional.empty()
                    : Optional.of(new Loss(subject, "its tenant was deactivated, yet it answered " + status,
                            status == 401 ? keyAck : tenant.ack()));
        }

        @Override
        public String toString() {
            return "key " + id;
        }
    }

    /** A plan, an endpoint or a prompt: {@code path} answers 200 with {@code field} equal to {@code value}. */
    record DefinitionFact(String subject, String key, String path, String field, String value, Ack ack)
            implements Fact {

        @Override
        public boolean checkable() {
            return true;
        }

        @Override
        public Optional<Loss> check(CrashHttp http) {
            Api.Reply reply = http.read(key, path);
            if (reply.status() != 200) {
                return Optional.of(new Loss(subject, "answers " + reply.status() + " " + reply.body(), ack));
            }
            String found = reply.json().path(field).asString();
            return found.equals(value) ? Optional.empty()
                    : Optional.of(new Loss(subject, "has " + field + " '" + found + "', not '" + value + "'", ack));
        }
    }

    /** A prompt version: it exists, in one of the statuses its acknowledged (and unanswered) publishes allow. */
    static final class VersionFact implements Fact {

        private final String promptId;
        private final int version;
        private Set<String> statuses;
        private Ack ack;

        VersionFact(String promptId, int version, Ack ack) {
            this.promptId = promptId;
            this.version = version;
            this.statuses = Set.of("draft");
            this.ack = ack;
        }

        int version() {
            return version;
        }

        /** From now on the version must be in one of {@code allowed}; {@code because} null for a write in flight. */
        synchronized void expect(Set<String> allowed, Ack because) {
            statuses = Set.copyOf(allowed);
            if (because != null) {
                ack = because;
            }
        }

        @Override
        public boolean checkable() {
            return true;
        }

        @Override
        public Optional<Loss> check(CrashHttp http) {
            Set<String> allowed;
            Ack last;
            synchronized (this) {
                allowed = statuses;
                last = ack;
            }
            String subject = "version " + version + " of prompt " + promptId;
            Api.Reply reply = http.read(RunningApp.DEMO_KEY, "/v1/prompts/" + promptId + "/versions/" + version);
            if (reply.status() != 200) {
                return Optional.of(new Loss(subject, "answers " + reply.status() + " " + reply.body(), last));
            }
            String status = reply.json().path("status").asString();
            return allowed.contains(status) ? Optional.empty()
                    : Optional.of(new Loss(subject, "is '" + status + "', not " + allowed, last));
        }

        @Override
        public String toString() {
            return "version " + version + " of prompt " + promptId;
        }
    }

    private static String abbreviated(String text) {
        return text.length() <= 60 ? "'" + text + "'" : "'" + text.substring(0, 60) + "…' (" + text.length()
                + " characters)";
    }
}
