package dev.photofeed.testsupport;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContextAnnotationUtils;

import java.util.HashMap;
import java.util.List;

/**
 * Puts a {@link RealInfrastructure} class's store properties into its Spring environment, above every other
 * source. The customizer is keyed by test class, so each class gets its own application context.
 */
public final class InfrastructureContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass, List<ContextConfigurationAttributes> attributes) {
        if (!TestContextAnnotationUtils.hasAnnotation(testClass, RealInfrastructure.class)) {
            return null;
        }
        Class<?> owner = testClass;
        while (owner.getEnclosingClass() != null && !owner.isAnnotationPresent(RealInfrastructure.class)) {
            owner = owner.getEnclosingClass();
        }
        return new StoresCustomizer(owner);
    }

    private record StoresCustomizer(Class<?> testClass) implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            TestStores stores = SharedInfrastructure.storesFor(testClass);
            context.getEnvironment().getPropertySources()
                    .addFirst(new MapPropertySource("photofeed-test-stores", new HashMap<>(stores.serviceProperties())));
        }
    }
}
