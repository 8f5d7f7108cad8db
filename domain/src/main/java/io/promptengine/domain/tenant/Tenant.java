package io.promptengine.domain.tenant;

import io.promptengine.domain.error.InvalidInputException;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An organisation using Prompt Engine. The slug is its stable public name and its subdomain, so it is
 * restricted to what a DNS label allows.
 */
public record Tenant(TenantId id, String slug, String name, String plan, boolean active, Instant createdAt) {

    private static final Pattern SLUG = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");

    public Tenant {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(createdAt, "createdAt");
        requireSlug(slug);
        if (name == null || name.isBlank()) {
            throw InvalidInputException.required("name");
        }
        if (name.length() > 200) {
            throw new InvalidInputException("name", "Field 'name' must be at most 200 characters");
        }
        if (plan == null || plan.isBlank()) {
            throw InvalidInputException.required("plan");
        }
    }

    public static void requireSlug(String slug) {
        if (slug == null || slug.isBlank()) {
            throw InvalidInputException.required("slug");
        }
        if (!SLUG.matcher(slug).matches()) {
            throw new InvalidInputException("slug",
                    "Field 'slug' must be 1-63 lowercase letters, digits or inner hyphens");
        }
    }

    public Tenant withPlan(String newPlan) {
        return new Tenant(id, slug, name, newPlan, active, createdAt);
    }

    public Tenant deactivated() {
        return new Tenant(id, slug, name, plan, false, createdAt);
    }

    public Tenant activated() {
        return new Tenant(id, slug, name, plan, true, createdAt);
    }
}
