package dev.photofeed.gateway;

import dev.photofeed.testsupport.ReadinessContract;
import dev.photofeed.testsupport.RealInfrastructure;
import org.springframework.boot.test.context.SpringBootTest;

import java.util.List;

/** gateway starts on its real stores; its readiness does not depend on them. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@RealInfrastructure
class GatewayReadinessTest implements ReadinessContract {

    @Override
    public List<String> storeComponents() {
        return List.of("redis");
    }
}
