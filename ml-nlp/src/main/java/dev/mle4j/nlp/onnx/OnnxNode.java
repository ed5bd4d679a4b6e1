package dev.mle4j.nlp.onnx;

import java.util.List;
import java.util.Objects;

/**
 * One node of an ONNX graph, in the file's (topological) order: enough to follow the graph from a
 * tensor to the operator that consumes it, e.g. to map weights the exporter renamed (such as {@code
 * onnx::MatMul_1234}) to their layer.
 *
 * @param name node name (may be empty)
 * @param opType operator type, e.g. {@code MatMul}, {@code Add}, {@code Gather}
 * @param inputs input tensor names, in order (an empty name marks an omitted optional input)
 * @param outputs output tensor names, in order
 */
public record OnnxNode(String name, String opType, List<String> inputs, List<String> outputs) {

  /** Validates and copies. */
  public OnnxNode {
    name = name == null ? "" : name;
    Objects.requireNonNull(opType, "opType");
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
  }
}
