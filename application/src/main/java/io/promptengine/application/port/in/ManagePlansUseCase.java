package io.promptengine.application.port.in;

import io.promptengine.domain.ratelimit.Plan;
import java.util.List;

/** The plans tenants subscribe to: the built-in ones and those operators define. */
public interface ManagePlansUseCase {

    /** 409 when the name is a built-in plan's or already taken. */
    Plan create(Operator operator, CreatePlanCommand command);

    /** The built-in plans (free, pro, enterprise), then the others in name order. */
    List<Plan> list();

    /** 404 when there is no such plan. */
    Plan get(String name);
}
