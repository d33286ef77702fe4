package dev.photofeed.media.photo;

import dev.photofeed.media.upload.DecodeBudget;
import dev.photofeed.media.upload.ImageInspector;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** One decode budget for the whole service, and the inspector that decodes within it. */
@Configuration(proxyBeanMethods = false)
class Decoding {

    @Bean
    DecodeBudget decodeBudget(UploadProperties settings, MeterRegistry meters) {
        DecodeBudget budget = new DecodeBudget(settings.decodeBytes());
        Gauge.builder("photofeed.upload.decode.memory.used", budget, DecodeBudget::inUse).baseUnit("bytes")
                .description("bytes of the decode budget that rasters in flight hold").register(meters);
        Gauge.builder("photofeed.upload.decode.memory.max", budget, DecodeBudget::bytes).baseUnit("bytes")
                .description("the decode budget").register(meters);
        return budget;
    }

    @Bean
    ImageInspector imageInspector(UploadProperties settings, DecodeBudget budget) {
        return new ImageInspector(settings.maxPixels(), budget, settings.decodeWait());
    }
}
