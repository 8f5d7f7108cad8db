package io.promptengine.domain.audit;

/** Every management change the API makes, by its dotted wire name; each changes one kind of target. */
public enum AuditAction {
    API_KEY_CREATED("api_key.created", TargetType.API_KEY),
    API_KEY_REVOKED("api_key.revoked", TargetType.API_KEY),
    ENDPOINT_CREATED("endpoint.created", TargetType.ENDPOINT),
    ENDPOINT_UPDATED("endpoint.updated", TargetType.ENDPOINT),
    ENDPOINT_DELETED("endpoint.deleted", TargetType.ENDPOINT),
    PROMPT_CREATED("prompt.created", TargetType.PROMPT),
    PROMPT_UPDATED("prompt.updated", TargetType.PROMPT),
    PROMPT_VERSION_CREATED("prompt.version.created", TargetType.PROMPT_VERSION),
    PROMPT_VERSION_PUBLISHED("prompt.version.published", TargetType.PROMPT_VERSION),
    /** The version that was live when another was published; always in the same request as the publication. */
    PROMPT_VERSION_ARCHIVED("prompt.version.archived", TargetType.PROMPT_VERSION),
    PLAN_CREATED("plan.created", TargetType.PLAN),
    TENANT_CREATED("tenant.created", TargetType.TENANT),
    /** The plan changed (and possibly the active flag with it). */
    TENANT_UPDATED("tenant.updated", TargetType.TENANT),
    TENANT_DEACTIVATED("tenant.deactivated", TargetType.TENANT),
    TENANT_REACTIVATED("tenant.reactivated", TargetType.TENANT),
    /** The installation generated its operator key, at its first start without {@code PE_ADMIN_KEY}. */
    OPERATOR_KEY_CREATED("operator_key.created", TargetType.OPERATOR_KEY),
    WEBHOOK_CREATED("webhook.created", TargetType.WEBHOOK),
    /** The URL, events, filters, description or enabled flag changed. */
    WEBHOOK_UPDATED("webhook.updated", TargetType.WEBHOOK),
    WEBHOOK_DELETED("webhook.deleted", TargetType.WEBHOOK),
    /** A new signing secret; the summary names the overlap, never a secret. */
    WEBHOOK_SECRET_ROTATED("webhook.secret_rotated", TargetType.WEBHOOK);

    private final String wireName;
    private final TargetType targetType;

    AuditAction(String wireName, TargetType targetType) {
        this.wireName = wireName;
        this.targetType = targetType;
    }

    public String wireName() {
        return wireName;
    }

    public TargetType targetType() {
        return targetType;
    }

    public static AuditAction fromWire(String value) {
        for (AuditAction action : values()) {
            if (action.wireName.equals(value)) {
                return action;
            }
        }
        throw new IllegalArgumentException("unknown audit action: " + value);
    }
}
