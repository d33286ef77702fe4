package dev.photofeed.feed;

import dev.photofeed.testsupport.ReadinessContract;
import dev.photofeed.testsupport.RealInfrastructure;
import org.springframework.boot.test.context.SpringBootTest;

import java.util.List;

/** feed-service starts on its real stores; its readiness does not depend on them. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@RealInfrastructure
class FeedServiceReadinessTest implements ReadinessContract {

    @Override
    public List<String> storeComponents() {
        return List.of("redis", "kafka");
    }
}
