package io.promptengine.adapters.llm.schema;

import com.networknt.schema.AbsoluteIri;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.path.PathType;
import com.networknt.schema.resource.SchemaLoader;
import com.networknt.schema.regex.RegularExpressionFactory;
import java.util.List;

/**
 * networknt registries that never load a schema from anywhere but their own jar: only drafts 2020-12 and 07 are
 * known, and the loader has no resource loader at all (so no {@code http:} or {@code file:} fetch) and admits
 * nothing but those drafts' own metaschemas, which networknt ships. {@link SchemaGuard} refuses remote
 * references before a schema gets here; this is the second lock on the same door.
 */
final class OfflineSchemaRegistry {

    static final Dialect DRAFT_2020_12 = Dialects.getDraft202012();
    static final Dialect DRAFT_07 = Dialects.getDraft7();

    private static final List<String> METASCHEMA_PREFIXES = List.of("https://json-schema.org/draft/2020-12/",
            "http://json-schema.org/draft-07/");

    private OfflineSchemaRegistry() {
    }

    /**
     * A new registry. One per tenant schema, because a registry remembers every schema by its {@code $id}: a
     * shared one would let a tenant's schema answer a reference in another tenant's.
     */
    static SchemaRegistry create(RegularExpressionFactory regularExpressions) {
        SchemaRegistryConfig config = SchemaRegistryConfig.builder()
                .formatAssertionsEnabled(true)
                .regularExpressionFactory(regularExpressions)
                .pathType(PathType.JSON_POINTER)
                .build();
        SchemaLoader offline = SchemaLoader.builder()
                .fetchRemoteResources(false)
                .allow(OfflineSchemaRegistry::isMetaschema)
                .build();
        return SchemaRegistry.withDialects(List.of(DRAFT_2020_12, DRAFT_07), registry -> registry
                .defaultDialectId(DRAFT_2020_12.getId())
                .schemaLoader(offline)
                .schemaRegistryConfig(config));
    }

    private static boolean isMetaschema(AbsoluteIri iri) {
        String text = iri.toString();
        for (String prefix : METASCHEMA_PREFIXES) {
            if (text.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
