package io.promptengine.bootstrap;

import io.promptengine.application.port.out.IdGenerator;
import io.promptengine.domain.execution.ExecutionId;
import io.promptengine.domain.tenant.ApiKeyId;
import io.promptengine.domain.tenant.TenantId;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * 128 random bits per id, base64url. Ids are not secrets (every lookup is scoped to the caller's tenant), so a
 * fast non-blocking generator is enough; 128 bits make collisions negligible across any number of instances.
 */
final class RandomIdGenerator implements IdGenerator {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    @Override
    public ExecutionId executionId() {
        return new ExecutionId(ExecutionId.PREFIX + random128());
    }

    @Override
    public TenantId tenantId() {
        return new TenantId("ten_" + random128());
    }

    @Override
    public ApiKeyId apiKeyId() {
        return new ApiKeyId("key_" + random128());
    }

    private static String random128() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = random.nextLong();
        long low = random.nextLong();
        byte[] bytes = new byte[16];
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (high >>> (56 - 8 * i));
            bytes[8 + i] = (byte) (low >>> (56 - 8 * i));
        }
        return ENCODER.encodeToString(bytes);
    }
}
