package io.promptengine.domain.ratelimit;

import io.promptengine.domain.error.InvalidInputException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/** A named rate-limit policy that tenants subscribe to. */
public record Plan(String name, RateLimitPolicy policy, boolean builtIn) {

    // Declared before the built-ins: static fields initialise in order, and their constructor uses it.
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

    public static final Plan FREE = new Plan("free", RateLimitPolicy.requestsPerMinute(60), true);
    public static final Plan PRO = new Plan("pro", RateLimitPolicy.requestsPerMinute(1_000), true);
    public static final Plan ENTERPRISE = new Plan("enterprise", RateLimitPolicy.requestsPerMinute(5_000), true);

    public Plan {
        requireName(name);
        Objects.requireNonNull(policy, "policy");
    }

    public static void requireName(String name) {
        if (name == null || name.isBlank()) {
            throw InvalidInputException.required("name");
        }
        if (!NAME.matcher(name).matches()) {
            throw new InvalidInputException("name",
                    "Field 'name' must be 1-63 lowercase letters, digits, '-' or '_', starting with a letter or digit");
        }
    }

    public static List<Plan> builtIns() {
        return List.of(FREE, PRO, ENTERPRISE);
    }

    /** The built-in plan of that name, if there is one. */
    public static Optional<Plan> builtIn(String name) {
        return builtIns().stream().filter(plan -> plan.name.equals(name)).findFirst();
    }

    /** A plan an operator defines. */
    public static Plan custom(String name, RateLimitPolicy policy) {
        return new Plan(name, policy, false);
    }
}
