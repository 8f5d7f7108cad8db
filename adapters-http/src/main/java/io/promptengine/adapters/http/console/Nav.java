package io.promptengine.adapters.http.console;

/** The console's header navigation: each page names the item it belongs to. */
enum Nav {
    OVERVIEW("Overview", "/console", false),
    ENDPOINTS("Endpoints", "/console/endpoints", false),
    PROMPTS("Prompts", "/console/prompts", false),
    EXECUTIONS("Executions", "/console/executions", false),
    API_KEYS("API keys", "/console/api-keys", false),
    USAGE("Usage", "/console/usage", false),
    OPERATOR("Operator", "/console/operator", true),
    /** A page of no item: sign-in, an error. */
    NONE("", "/console", false);

    private final String label;
    private final String href;
    private final boolean operator;

    Nav(String label, String href, boolean operator) {
        this.label = label;
        this.href = href;
        this.operator = operator;
    }

    String label() {
        return label;
    }

    String href() {
        return href;
    }

    /** Whether the item is the operator's; the others are a tenant's. */
    boolean operator() {
        return operator;
    }
}
