package io.promptengine.application.service;

import io.promptengine.application.port.in.AuthenticateOperatorUseCase;
import io.promptengine.application.port.in.AuthenticateUseCase;
import io.promptengine.application.port.in.Caller;
import io.promptengine.application.port.in.ConsoleSessionUseCases;
import io.promptengine.application.port.in.ConsoleSignIn;
import io.promptengine.application.port.in.ConsoleVisit;
import io.promptengine.application.port.out.ApiKeyStore;
import io.promptengine.application.port.out.Clock;
import io.promptengine.application.port.out.ConsoleSession;
import io.promptengine.application.port.out.ConsoleSessionStore;
import io.promptengine.application.port.out.TenantStore;
import io.promptengine.domain.tenant.ApiKey;
import io.promptengine.domain.tenant.ApiKeySecret;
import io.promptengine.domain.tenant.Tenant;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * Console sessions over a {@link ConsoleSessionStore}. Sign-in goes through the same authentication as the API;
 * the token is 256 random bits, kept by the store only as its SHA-256. Every request re-reads the session's key and
 * tenant, so that a revocation, an expiry or a deactivation ends the session at once, on every instance.
 */
public final class ConsoleSessionService implements ConsoleSessionUseCases {

    /** Longer than any token this service issues (43 characters); a longer one is nobody's. */
    private static final int MAX_TOKEN_LENGTH = 128;
    private static final int TOKEN_BYTES = 32;

    /**
     * @param idleTimeout how long a session lasts without a request
     * @param lifetime how long it lasts at most, however much it is used
     */
    public record Settings(Duration idleTimeout, Duration lifetime) {

        public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(30);
        public static final Duration DEFAULT_LIFETIME = Duration.ofHours(12);

        public Settings {
            Objects.requireNonNull(idleTimeout, "idleTimeout");
            Objects.requireNonNull(lifetime, "lifetime");
            if (idleTimeout.isNegative() || idleTimeout.isZero() || lifetime.compareTo(idleTimeout) < 0) {
                throw new IllegalArgumentException("a session's idle timeout must be positive and at most its "
                        + "lifetime");
            }
        }
    }

    private final ConsoleSessionStore sessions;
    private final ApiKeyStore keys;
    private final TenantStore tenants;
    private final AuthenticateUseCase authenticate;
    private final AuthenticateOperatorUseCase operator;
    private final Clock clock;
    private final SecureRandom random;
    private final Settings settings;

    public ConsoleSessionService(ConsoleSessionStore sessions, ApiKeyStore keys, TenantStore tenants,
            AuthenticateUseCase authenticate, AuthenticateOperatorUseCase operator, Clock clock, SecureRandom random,
            Settings settings) {
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.tenants = Objects.requireNonNull(tenants, "tenants");
        this.authenticate = Objects.requireNonNull(authenticate, "authenticate");
        this.operator = Objects.requireNonNull(operator, "operator");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public ConsoleSignIn signIn(String presentedSecret) {
        Optional<Caller> caller = operator.isOperatorKey(presentedSecret) ? Optional.empty()
                : Optional.of(authenticate.authenticate(presentedSecret));
        String token = randomToken();
        String csrf = randomToken();
        Instant now = clock.now();
        Instant expires = now.plus(settings.lifetime());
        Optional<String> operatorKey = caller.isEmpty() ? Optional.of(operator.operatorKeyFingerprint())
                : Optional.empty();
        sessions.insert(new ConsoleSession(hash(token), caller.map(Caller::tenantId), caller.map(Caller::apiKeyId),
                operatorKey, csrf, now, now, earlier(now.plus(settings.idleTimeout()), expires), expires));
        return new ConsoleSignIn(token, new ConsoleVisit(caller, csrf));
    }

    @Override
    public Optional<ConsoleVisit> resolve(String token) {
        if (!isPlausible(token)) {
            return Optional.empty();
        }
        String hash = hash(token);
        Optional<ConsoleSession> found = sessions.find(hash);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        ConsoleSession session = found.get();
        Instant now = clock.now();
        Optional<ConsoleVisit> visit = session.isLiveAt(now) ? visit(session, now) : Optional.empty();
        if (visit.isEmpty()) {
            sessions.delete(hash);
            return Optional.empty();
        }
        if (session.lastSeenIsStaleAt(now)) {
            sessions.touch(hash, now, earlier(now.plus(settings.idleTimeout()), session.expiresAt()));
        }
        return visit;
    }

    /** The session's visit with its key's scopes as they are now; empty when the key no longer authenticates. */
    private Optional<ConsoleVisit> visit(ConsoleSession session, Instant now) {
        if (session.operator()) {
            // a new operator key (PE_ADMIN_KEY changed) ends the sessions the old one opened
            return session.operatorKey().filter(operator.operatorKeyFingerprint()::equals)
                    .map(same -> new ConsoleVisit(Optional.empty(), session.csrfToken()));
        }
        Optional<ApiKey> key = keys.find(session.tenantId().orElseThrow(), session.apiKeyId().orElseThrow())
                .filter(each -> each.isUsableAt(now));
        Optional<Tenant> tenant = key.flatMap(each -> tenants.find(each.tenantId())).filter(Tenant::active);
        if (tenant.isEmpty()) {
            return Optional.empty();
        }
        ApiKey usable = key.get();
        Caller caller = new Caller(tenant.get().id(), usable.id(), usable.scopes(), tenant.get().plan(),
                usable.requestsPerMinute());
        return Optional.of(new ConsoleVisit(Optional.of(caller), session.csrfToken()));
    }

    @Override
    public void signOut(String token) {
        if (isPlausible(token)) {
            sessions.delete(hash(token));
        }
    }

    @Override
    public int purgeExpired() {
        return sessions.deleteExpired(clock.now());
    }

    private String randomToken() {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static boolean isPlausible(String token) {
        return token != null && !token.isBlank() && token.length() <= MAX_TOKEN_LENGTH;
    }

    /** The same SHA-256 as the API keys' hashes. */
    private static String hash(String token) {
        return ApiKeySecret.hash(token);
    }

    private static Instant earlier(Instant one, Instant other) {
        return one.isBefore(other) ? one : other;
    }
}
