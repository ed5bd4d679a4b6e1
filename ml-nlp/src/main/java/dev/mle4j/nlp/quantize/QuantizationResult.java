package dev.mle4j.nlp.quantize;

import dev.mle4j.core.registry.ModelVersion;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a {@link QuantizationJob} measured and wrote.
 *
 * @param comparison FP32 vs INT8
 * @param report the quantizer's report
 * @param outDir the run folder
 * @param fp32Dir the servable FP32 model folder
 * @param int8Dir the servable INT8 model folder
 * @param source the registered fine-tuned source model, if the registry holds it
 * @param fp32Version the registered FP32 model, if registered
 * @param int8Version the registered INT8 model, if registered
 * @param testRows texts in the test split
 */
public record QuantizationResult(
    ModelComparison comparison,
    QuantizationReport report,
    Path outDir,
    Path fp32Dir,
    Path int8Dir,
    Optional<ModelVersion> source,
    Optional<ModelVersion> fp32Version,
    Optional<ModelVersion> int8Version,
    int testRows) {}
